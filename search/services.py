"""Site search: one query across courses, curriculum plans and teaching materials.

The same code runs on every search backend (Whoosh, PostgreSQL, Elasticsearch/OpenSearch): it
searches scoped querysets, asks the backend for facet counts, and highlights snippets itself.
"Did you mean" needs a vocabulary, which only the Whoosh backend keeps; on other backends it is
simply not offered.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.query import PageQuerySet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import BaseSearchResults

from core import pagecache
from core.models import Institution, User
from courses.models import CoursePage
from curriculum.models import ServiceField, TeachingMaterial, TeachingMaterialQuerySet, TrainingTier
from plans.models import CurriculumPlanPage
from search.analysis import terms, words
from search.highlight import highlight

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
# "All" merges the kinds by score; beyond this many results, narrow down by kind or facet.
MAX_MERGED_RESULTS = 200

# What the site search finds, and the querysets it searches (pages' or materials').
type Found = CoursePage | CurriculumPlanPage | TeachingMaterial
type SearchQuerySet = PageQuerySet | TeachingMaterialQuerySet


def clean_query(text: str) -> str:
    """The query as searched: no control or format characters, quotes balanced, length capped."""
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text or ""
    )
    text = re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]
    if text.count('"') % 2:
        text = text.replace('"', " ").strip()
    return text


@dataclass(frozen=True)
class Kind:
    """A kind of result: its model, the scoped queryset and which facets apply to it."""

    key: str
    label: Promise  # plural, for the tabs
    name: Promise  # singular, on each result
    facets: dict[str, str]  # facet key → attribute name of the filter field

    def queryset(self, user: User | AnonymousUser, locale: Locale) -> SearchQuerySet:
        if self.key == "material":
            visible = Q(licence__in=TeachingMaterial.OPEN_LICENCES)
            if user.is_authenticated:
                visible |= Q(pk__in=TeachingMaterial.objects.for_user(user).values("pk"))
            return (
                TeachingMaterial.objects.filter(visible)
                .in_language_of(locale)
                .with_words_language()
                .select_related("institution")
            )
        if self.key == "course":
            return (
                CoursePage.objects.live()
                .public()
                .filter(locale=locale)
                .select_related("locale", "institution")
                .defer_streamfields()  # a result shows a summary, never the course's body
            )
        return (
            CurriculumPlanPage.objects.live()
            .public()
            .filter(locale=locale)
            .select_related("locale")
            .defer_streamfields()
        )


KINDS = [
    Kind(
        "course",
        _("Courses"),
        _("Course"),
        {
            "field": "service_fields",
            "tier": "tier_id",
            "institution": "institution_id",
            "language": "teaching_language",
        },
    ),
    Kind(
        "plan",
        _("Curriculum plans"),
        _("Curriculum plan"),
        {"field": "service_field_id", "tier": "tier_id"},
    ),
    Kind(
        "material",
        _("Teaching materials"),
        _("Teaching material"),
        {
            "field": "service_fields",
            "tier": "tier_id",
            "institution": "institution_id",
            "language": "language",
        },
    ),
]
FACETS = {
    "field": _("Field of service"),
    "tier": _("Training tier"),
    "institution": _("Institution"),
    "language": pgettext_lazy("search facet", "Language"),
}
LANGUAGE_NAMES = {
    "es": "Español",
    "zh-hans": "简体中文",
    "en": "English",
}


@dataclass
class Hit:
    kind: Kind
    object: Found
    score: float
    query: str

    @cached_property
    def url(self) -> str | None:
        obj = self.object
        if isinstance(obj, TeachingMaterial):
            # A material's file opens for anyone under an open licence, and otherwise for
            # trainees enrolled in a course that uses it: the result links it only then, or
            # a material that lives elsewhere (a video, a web page).
            if obj.document_id and obj.is_open:
                return reverse("curriculum:open_material", args=[obj.pk])
            return obj.url or None
        return obj.url

    @cached_property
    def language(self) -> str:
        obj = self.object
        if isinstance(obj, TeachingMaterial):
            return obj.search_language
        return obj.locale.language_code

    @cached_property
    def file_language(self) -> str:
        """A material's file or link, where it is in another language than its description."""
        obj = self.object
        if isinstance(obj, TeachingMaterial) and obj.language != self.language:
            return str(obj.get_language_display())
        return ""

    @cached_property
    def title(self) -> SafeString:
        return highlight(self.object.title, self.query, self.language, whole=True)

    @cached_property
    def snippet(self) -> SafeString:
        obj = self.object
        if isinstance(obj, CoursePage):
            text = obj.summary
        elif isinstance(obj, CurriculumPlanPage):
            text = obj.intro or obj.target_trainees
        else:
            text = obj.description
        return highlight(text or "", self.query, self.language)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


def _toggle_url(params: QueryDict, key: str, value: str) -> str:
    """The query string that selects ``value`` for facet ``key``, or drops it if selected."""
    query = params.copy()
    query.pop("page", None)
    if query.get(key) == value:
        query.pop(key)
    else:
        query[key] = value
    return "?" + query.urlencode()


@dataclass
class SearchPage:
    query: str
    kind: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # facet key → (its label, its options)
    facets: dict[str, tuple[Promise, list[FacetOption]]] = field(default_factory=dict)
    page: int = 1
    pages: int = 0
    suggestion: str = ""
    truncated: bool = False

    @property
    def kinds(self) -> list[tuple[Kind, int]]:
        return [(k, self.counts.get(k.key, 0)) for k in KINDS]

    @property
    def filters_chosen(self) -> int:
        return sum(
            option.selected for _label, options in self.facets.values() for option in options
        )


def _selected_filters(params: QueryDict) -> dict[str, str]:
    selected = {}
    for key in FACETS:
        value = (params.get(key) or "").strip()
        if value and (key == "language" or value.isdigit()):
            selected[key] = value
    return selected


def _filtered(
    kind: Kind, queryset: SearchQuerySet, selected: Mapping[str, str]
) -> SearchQuerySet | None:
    """The kind's queryset narrowed by the selected facets, or None if a facet excludes it."""
    for key, value in selected.items():
        if key not in kind.facets:
            return None
        model_field = kind.facets[key]
        if key == "field" and model_field == "service_fields":
            # A many-to-many filter, expressed on the primary key that every backend indexes.
            through = queryset.model.service_fields.through
            owner = "coursepage" if kind.key == "course" else "teachingmaterial"
            ids = through.objects.filter(servicefield_id=value).values(owner + "_id")
            queryset = queryset.filter(pk__in=list(ids.values_list(owner + "_id", flat=True)))
        else:
            queryset = queryset.filter(**{model_field: value})
    return queryset


def site_search(params: QueryDict, user: User | AnonymousUser, page_number: int = 1) -> SearchPage:
    """Search the site for ``params["q"]`` with the facets and kind the parameters select."""
    query = clean_query(params.get("q", ""))
    asked = params.get("kind", "")
    kind_key = asked if asked in {k.key for k in KINDS} else "all"
    result = SearchPage(query=query, kind=kind_key, page=page_number)
    if not terms(query, "es") and not words(query):
        return result
    locale = Locale.get_active()
    selected = _selected_filters(params)
    searches: dict[str, tuple[Kind, BaseSearchResults]] = {}
    for kind in KINDS:
        queryset = _filtered(kind, kind.queryset(user, locale), selected)
        if queryset is None:
            result.counts[kind.key] = 0
            continue
        searches[kind.key] = (kind, queryset.search(query, operator="and"))
    for key, (_kind, results) in searches.items():
        result.counts[key] = results.count()
    result.total = sum(result.counts.values())
    result.facets = _facets(searches, selected, kind_key, params)
    in_scope = [s for k, s in searches.items() if kind_key in ("all", k)]
    scope_total = sum(result.counts[k] for k in searches if kind_key in ("all", k))
    result.pages = max(1, -(-min(scope_total, MAX_MERGED_RESULTS) // PAGE_SIZE))
    result.page = page_number = min(max(1, page_number), result.pages)
    result.truncated = scope_total > MAX_MERGED_RESULTS
    start, stop = (page_number - 1) * PAGE_SIZE, page_number * PAGE_SIZE
    if len(in_scope) == 1:
        kind, results = in_scope[0]
        scored: list[tuple[Kind, Found]] = [
            (kind, obj) for obj in results.annotate_score("_score")[start:stop]
        ]
    else:
        merged = [
            (kind, obj)
            for kind, results in in_scope
            for obj in results.annotate_score("_score")[:stop]
        ]
        merged.sort(key=lambda pair: -(pair[1]._score or 0))
        scored = merged[start:stop]
    result.hits = [Hit(kind, obj, obj._score or 0.0, query) for kind, obj in scored]
    if result.total < PAGE_SIZE:
        result.suggestion = suggest(query)
    return result


def _facets(
    searches: Mapping[str, tuple[Kind, BaseSearchResults]],
    selected: Mapping[str, str],
    kind_key: str,
    params: QueryDict,
) -> dict[str, tuple[Promise, list[FacetOption]]]:
    """Counts per facet value over the kinds in view, labelled, most frequent first."""
    counts: dict[str, dict[str, int]] = {key: {} for key in FACETS}
    for key, (kind, results) in searches.items():
        if kind_key not in ("all", key):
            continue
        for facet, model_field in kind.facets.items():
            for value, count in results.facet(model_field).items():
                if value in (None, ""):
                    continue
                bucket = counts[facet]
                bucket[str(value)] = bucket.get(str(value), 0) + count
    labels = _facet_labels()
    facets: dict[str, tuple[Promise, list[FacetOption]]] = {}
    for facet, values in counts.items():
        options = [
            FacetOption(
                value,
                labels[facet][value],
                count,
                selected.get(facet) == value,
                _toggle_url(params, facet, value),
            )
            for value, count in values.items()
            if value in labels[facet]
        ]
        options.sort(key=lambda o: (-o.count, str(o.label)))
        if options:
            facets[facet] = (FACETS[facet], options)
    return facets


def _facet_labels() -> dict[str, dict[str, str]]:
    """Every facet value's name in the active language, read once per language and state of
    what is published (core.pagecache's generation moves when an institution or reference data
    changes), not on every search."""

    def names(model: type[ServiceField | TrainingTier | Institution]) -> dict[str, str]:
        return {str(obj.pk): str(obj) for obj in model.objects.all()}

    labels = pagecache.kept_until_purged(
        f"search-facet-labels:{get_language()}",
        [pagecache.CONTENT, pagecache.EVERYTHING],
        lambda: {
            "field": names(ServiceField),
            "tier": names(TrainingTier),
            "institution": names(Institution),
        },
    )
    return {**labels, "language": dict(LANGUAGE_NAMES)}


def suggest(query: str) -> str:
    """A corrected query if some of its words are misspelt, from the index's own vocabulary."""
    backend = get_search_backend()
    if not hasattr(backend, "suggest") or not query:
        return ""
    corrected = backend.suggest(query, [CoursePage, TeachingMaterial])
    return corrected if corrected and corrected.lower() != query.lower() else ""


def suggestions_for_empty_state() -> list[ServiceField]:
    """Fields of service to start from when a search finds nothing or nothing was asked."""
    return list(ServiceField.objects.all()[:8])
