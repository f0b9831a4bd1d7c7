"""The catalog's filters, and how many courses each choice would leave."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

import django_filters
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core import pagecache
from core.models import Institution, Region
from courses import catalog
from courses.choices import DeliveryMode
from curriculum.models import LANGUAGE_CHOICES, ServiceField, TrainingTier

if TYPE_CHECKING:
    from courses.models import CoursePage

OPEN_NOW = "now"
IN_MY_LANGUAGE, IN_EVERY_LANGUAGE = "mine", "all"


class CourseFilter(django_filters.FilterSet):
    """Filters by code or slug, so catalog URLs read well and survive renaming. Every filter is
    declared, so it names no model: the catalog page gives it its courses. Choices that filter
    are callables, built when a request filters, since the page's models import this module."""

    field = django_filters.ModelChoiceFilter(
        label=_("Field of service"),
        field_name="service_fields",
        to_field_name="code",
        queryset=ServiceField.objects.all(),
    )
    tier = django_filters.ModelChoiceFilter(
        label=_("Training tier"), to_field_name="code", queryset=TrainingTier.objects.all()
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        to_field_name="slug",
        queryset=lambda request: Institution.objects.filter(active=True),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=lambda request: Region.objects.filter(parent=None),
        method="in_region",
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of teaching"), field_name="teaching_language", choices=LANGUAGE_CHOICES
    )
    mode = django_filters.ChoiceFilter(
        label=_("Delivery mode"),
        field_name="delivery_mode",
        choices=DeliveryMode.choices,
    )
    open = django_filters.ChoiceFilter(
        label=_("Enrolment"), choices=[(OPEN_NOW, _("Open for enrolment now"))], method="open_now"
    )

    written = django_filters.ChoiceFilter(
        label=_("Written in"),
        choices=[
            (IN_MY_LANGUAGE, _("My language")),
            (IN_EVERY_LANGUAGE, _("Every language")),
        ],
        method="written_in",
    )

    def written_in(
        self, queryset: QuerySet[CoursePage], name: str, value: str
    ) -> QuerySet[CoursePage]:
        """Courses whose words are in the page's language: neither an alias of a course in
        another language nor a translation not yet published (the catalog annotates
        `source_language_shown`)."""
        if value != IN_MY_LANGUAGE:
            return queryset
        return queryset.filter(alias_of__isnull=True, source_language_shown__isnull=True)

    def open_now(
        self, queryset: QuerySet[CoursePage], name: str, value: str
    ) -> QuerySet[CoursePage]:
        return queryset.filter(translation_key__in=catalog.open_now(timezone.now()))

    def in_region(
        self, queryset: QuerySet[CoursePage], name: str, region: Region
    ) -> QuerySet[CoursePage]:
        return queryset.filter(institution__region__in=Region.within(region))


# For each filter, the course value its counts are grouped by (None: counted by filtering).
FACETS = {
    "written": None,
    "open": None,
    "field": "service_fields__code",
    "tier": "tier__code",
    "institution": "institution__slug",
    "region": "institution__region",
    "language": "teaching_language",
    "mode": "delivery_mode",
}


def _province_ids() -> dict[int, int]:
    """Every region's province, by region id, from one query."""
    parents = dict(Region.objects.values_list("pk", "parent_id"))

    def province(pk: int) -> int:
        while parents.get(pk):
            pk = parents[pk]
        return pk

    return {pk: province(pk) for pk in parents}


class FacetOption(TypedDict):
    value: str
    label: StrOrPromise
    count: int
    url: NotRequired[str]  # added by the catalog page


class Facet(TypedDict):
    name: str
    label: StrOrPromise | None
    options: list[FacetOption]
    current: str | None
    clear_url: NotRequired[str]  # added by the catalog page


def facets(data: Mapping[str, str], queryset: QuerySet[CoursePage]) -> list[Facet]:
    """Each filter's choices with the number of courses that choosing it would give.

    A filter's counts apply every other active filter, as catalogs usually do, so a visitor sees
    where a click leads; choices that would give nothing are left out. A fixed number of
    queries, whatever the number of courses.
    """
    result: list[Facet] = []
    form = CourseFilter(data, queryset=queryset).form
    for name, group_by in FACETS.items():
        others = {key: value for key, value in data.items() if key != name}
        narrowed = CourseFilter(others, queryset=queryset).qs.order_by()
        counts: dict[Any, int]
        if group_by is None:
            counts = {
                value: CourseFilter({name: value}, queryset=narrowed).qs.count()
                for value, _label in form.fields[name].choices
                if value
            }
        else:
            counts = dict(narrowed.values_list(group_by).annotate(n=Count("pk", distinct=True)))
        if name == "region":
            provinces = _province_ids()
            grouped: dict[int | None, int] = {}
            for region_id, n in counts.items():
                grouped[provinces.get(region_id)] = grouped.get(provinces.get(region_id), 0) + n
            counts = {str(pk): n for pk, n in grouped.items()}
        form_field = form.fields[name]
        options: list[FacetOption] = [
            {"value": str(value), "label": str(label), "count": counts[str(value)]}
            for value, label in form_field.choices
            if value != "" and counts.get(str(value))
        ]
        result.append(
            {
                "name": name,
                "label": str(form_field.label),
                "options": options,
                "current": data.get(name),
            }
        )
    return result


def kept_facets(
    data: Mapping[str, str], queryset: QuerySet[CoursePage], locale_id: int
) -> list[Facet]:
    """`facets`, computed once per catalog language, choice of filters and state of what is
    published (core.pagecache's generation: a publish, an edition or reference data changing
    computes them again); `PAGE_CACHE_SECONDS` bounds how long "open now" may lag the clock."""
    chosen = "&".join(f"{key}={value}" for key, value in sorted(data.items()))
    return pagecache.kept_until_purged(
        f"catalog-facets:{locale_id}:{chosen}",
        [pagecache.CONTENT, pagecache.EVERYTHING],
        lambda: facets(data, queryset),
    )
