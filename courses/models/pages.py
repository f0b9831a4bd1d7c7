"""Course pages: the single source of a course's syllabus, written in the Wagtail editor."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from core import page_pdf, pagecache, publishing
from core.models import Institution
from core.models.pages import ContentPage
from core.pdf import pdf_bytes_response
from core.permissions import ScopedAdminPageForm
from core.translatable import kept_as_in_source
from core.translations import source_language_shown
from courses import catalog, syllabus
from courses.blocks import (
    HOUR_KINDS,
    AssessmentBlock,
    ReferenceBlock,
    UnitsBlock,
)
from courses.choices import DeliveryMode
from courses.filters import (
    FACETS,
    IN_EVERY_LANGUAGE,
    IN_MY_LANGUAGE,
    CourseFilter,
    kept_facets,
)
from courses.panels import CourseVersionsPanel
from courses.tasks import render_published_syllabus
from curriculum.models import (
    LANGUAGE_CHOICES,
    Competency,
    CompetencyFramework,
    InstitutionPolicy,
    TeachingMaterial,
)
from curriculum.widgets import CompetenciesByFramework

if TYPE_CHECKING:
    from courses.models import CourseOffering


class CoursePageForm(ScopedAdminPageForm):
    """Checks what needs the page's place in the tree: the code is unique in its institution,
    and outcomes map to the competency frameworks the institution uses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The course's place, read once for the choices here and the checks in clean().
        self.tree_parent = (
            self.parent_page if self.instance.pk is None else self.instance.get_parent()
        )
        self.institution = (
            Institution.objects.owning(self.tree_parent) if self.tree_parent is not None else None
        )
        if (institution := self.institution) is not None:
            frameworks = CompetencyFramework.objects.offered_to(institution)
            mapped_before = LearningOutcome.competencies.through.objects.filter(
                learningoutcome__page_id=self.instance.pk
            )
            competencies = Competency.objects.filter(
                Q(framework__in=frameworks) | Q(pk__in=mapped_before.values("competency"))
            )
            # the outcomes' forms are made on first use, after this form is made
            self.formsets["outcomes"].form_kwargs["parent_choices"] = {"competencies": competencies}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        code = cleaned.get("code")
        parent, institution = self.tree_parent, self.institution
        if code and parent is not None and institution is not None:
            duplicate = (
                CoursePage.objects.filter(
                    institution=institution, locale_id=parent.locale_id, code__iexact=code
                )
                .exclude(pk=self.instance.pk)
                .first()
            )
            foreign = TeachingMaterial.objects.filter(pk__in=self._material_ids(cleaned)).exclude(
                institution=institution
            )
            if foreign:
                self.add_error(
                    None,
                    _("These materials belong to another institution: %(titles)s. Remove them.")
                    % {"titles": ", ".join(str(material) for material in foreign)},
                )
            if duplicate is not None:
                self.add_error(
                    "code",
                    _(
                        "%(institution)s already has a course with the code %(code)s "
                        "(“%(title)s”). Give this course a code of its own."
                    )
                    % {
                        "institution": institution,
                        "code": duplicate.code,
                        "title": duplicate.title,
                    },
                )
        return cleaned

    @staticmethod
    def _material_ids(cleaned: Mapping[str, Any]) -> list[int]:
        ids = [block.value.pk for block in cleaned.get("materials") or [] if block.value]
        for unit in cleaned.get("units") or []:
            ids += [material.pk for material in unit.value["materials"] if material]
        return ids


SYLLABUS_PDF = page_pdf.PagePdf(
    name="syllabus",
    record=syllabus.syllabus_record,
    task=render_published_syllabus,
    heading=_("Preparing the syllabus"),
    lead=_(
        "The syllabus of “%(title)s” is being laid out as a PDF. It takes a few seconds, and "
        "only once: afterwards everyone downloads it at once."
    ),
    download=_("Download syllabus (PDF)"),
)


class CoursePage(RoutablePageMixin, Page):
    """A course as its institution teaches it: outcomes, units, hours, assessment and readings."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    code = models.CharField(
        _("course code"),
        max_length=30,
        help_text=_(
            "Unique within your institution, e.g. TS-201. Translations keep the same code."
        ),
    )
    summary = models.TextField(
        _("summary"),
        max_length=800,
        help_text=_("What the course is about, in two or three lines."),
    )
    service_fields = ParentalManyToManyField(
        "curriculum.ServiceField",
        verbose_name=_("fields of service"),
        help_text=_("The fields this course prepares for; the catalog filters by them."),
    )
    methods = ParentalManyToManyField(
        "curriculum.ServiceMethod", verbose_name=_("service methods"), blank=True
    )
    tier = models.ForeignKey(
        "curriculum.TrainingTier",
        verbose_name=_("training tier"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    professional_level = models.ForeignKey(
        "curriculum.ProfessionalLevel",
        verbose_name=_("target professional level"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    teaching_language = models.CharField(
        _("language of teaching"), max_length=10, choices=LANGUAGE_CHOICES, default="es"
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices, default="in-person"
    )
    credits = models.DecimalField(
        _("credits"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    prerequisites = models.TextField(
        _("prerequisites"),
        blank=True,
        help_text=_("What trainees should know or have taken before; leave empty if nothing."),
    )
    units = StreamField(
        UnitsBlock(),
        verbose_name=_("units"),
        help_text=_("The unit-by-unit plan. The course's hours are added up from the units."),
    )
    assessment = StreamField(AssessmentBlock(), verbose_name=_("assessment"))
    readings = StreamField(
        [("reference", ReferenceBlock())], verbose_name=_("readings"), blank=True
    )
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The weighted final score, out of 100, that a trainee needs to pass."),
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance required (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of sessions a trainee must attend to complete the course."),
    )
    materials = StreamField(
        [("material", SnippetChooserBlock("curriculum.TeachingMaterial", label=_("Material")))],
        verbose_name=_("teaching materials"),
        blank=True,
        help_text=_("Materials for the whole course; units can list their own too."),
    )

    base_form_class = CoursePageForm
    # A translation keeps the course's code (offerings, imports and reports find it by it),
    # its hours, marks and choices: only its words are translated.
    override_translatable_fields = [
        *ContentPage.override_translatable_fields,
        *kept_as_in_source(
            "code",
            "tier",
            "professional_level",
            "teaching_language",
            "delivery_mode",
            "credits",
            "pass_mark",
            "attendance_threshold",
        ),
    ]
    preview_modes = [("", _("Page")), ("syllabus-pdf", _("Syllabus (PDF)"))]
    parent_page_types = ["core.InstitutionPage"]
    subpage_types: list[str] = []
    template = "courses/course_page.html"

    content_panels = [
        CourseVersionsPanel(),
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("credits")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("service_fields", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel(
                    [
                        FieldPanel("tier", widget=forms.Select),
                        FieldPanel("professional_level", widget=forms.Select),
                    ]
                ),
                FieldRowPanel([FieldPanel("teaching_language"), FieldPanel("delivery_mode")]),
                FieldPanel("methods", widget=forms.CheckboxSelectMultiple),
                FieldPanel("prerequisites"),
            ],
            heading=_("Who and how"),
        ),
        InlinePanel(
            "outcomes",
            heading=_("Learning outcomes"),
            label=_("Outcome"),
            min_num=1,
            help_text=_(
                "What trainees can do at the end, each mapped to the competencies it builds."
            ),
        ),
        FieldPanel("units"),
        FieldPanel("assessment"),
        FieldRowPanel(
            [FieldPanel("pass_mark"), FieldPanel("attendance_threshold")],
            heading=_("Completion"),
        ),
        FieldPanel("readings"),
        FieldPanel("materials"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("summary", boost=2),
        index.SearchField("units"),
        index.RelatedFields(
            "service_fields",
            [
                index.SearchField("name_es"),
                index.SearchField("name_zh_hans"),
                index.SearchField("name_en"),
            ],
        ),
        index.FilterField("service_fields"),
        index.FilterField("institution"),
        index.FilterField("tier"),
        index.FilterField("teaching_language"),
        index.FilterField("delivery_mode"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def save(self, *args: Any, **kwargs: Any) -> None:
        parent = self.get_parent()
        if parent is not None:
            self.institution = Institution.objects.owning(parent)
        return super().save(*args, **kwargs)

    def with_fields_of(self, content: Mapping[str, Any], names: Iterable[str]) -> CoursePage:
        """A copy of the course with these fields as a revision's `content` has them, built
        without a query (Wagtail's `with_content_json` checks every relation): what an offering
        keeps of the version it pinned, and what its trainees read of it."""
        copied = copy.copy(self)
        for name in names:
            if name in content:
                setattr(copied, name, self._meta.get_field(name).to_python(content[name]))
        return copied

    @property
    def hours(self) -> dict[str, Decimal]:
        """Theory, practice and supervision hours summed from the units, and their total."""
        totals = {kind: Decimal(0) for kind in HOUR_KINDS}
        for unit in self.units:
            for kind in HOUR_KINDS:
                totals[kind] += unit.value[kind] or 0
        totals["total"] = sum(totals.values(), Decimal(0))
        return totals

    @property
    def practice_share(self) -> Decimal:
        """Practice and supervision hours as a share (0 to 100) of all hours."""
        hours = self.hours
        if not hours["total"]:
            return Decimal(0)
        return (hours["practice_hours"] + hours["supervision_hours"]) * 100 / hours["total"]

    @cached_property
    def written_in(self) -> str:
        """The language of the course's words, which is not the page's for a course not yet
        translated into it (the catalog and the page say so); read once per page shown."""
        return publishing.written_in(self)

    def assessment_components(self) -> list[tuple[str, str, int]]:
        """The authored components as (block id, name, weight); grades refer to the block id."""
        return [(child.id, child.value["name"], child.value["weight"]) for child in self.assessment]

    def outcomes_with_competencies(self) -> QuerySet[LearningOutcome]:
        return self.outcomes.prefetch_related("competencies")

    def policies(
        self, language: str | None = None, as_of: datetime.datetime | None = None
    ) -> list[InstitutionPolicy]:
        """The institution's locked sections, ethics first, in the order of their kinds: each
        in the language (the reader's) where it was translated, else as first written (one
        query); with `as_of`, each as it was then (the syllabus of an offering that keeps its
        course version), a query more each."""
        order = list(InstitutionPolicy.Kind.values)
        language = language or get_language()
        chosen: dict[object, InstitutionPolicy] = {}
        for policy in (
            InstitutionPolicy.objects.filter(institution_id=self.institution_id)
            .select_related("locale")
            .order_by("pk")
        ):
            if policy.translation_key not in chosen or policy.locale.language_code == language:
                chosen[policy.translation_key] = policy
        policies = [policy.as_it_was(as_of) if as_of else policy for policy in chosen.values()]
        return sorted(policies, key=lambda policy: order.index(policy.kind))

    def hour_bars(self) -> list[tuple[StrOrPromise, Decimal, Decimal | int]]:
        """The hours chart: each kind's label, hours and share of the total."""
        hours = self.hours
        return [
            (label, hours[kind], hours[kind] * 100 / hours["total"] if hours["total"] else 0)
            for kind, label in (
                ("theory_hours", _("Theory")),
                ("practice_hours", _("Practice")),
                ("supervision_hours", _("Supervision")),
            )
        ]

    # Wagtail hands a routable page its remaining path with a closing slash: `syllabus.pdf`.
    @path("syllabus.pdf/", name="syllabus_pdf")
    def syllabus_pdf(self, request: HttpRequest) -> HttpResponseBase:
        return page_pdf.serve_pdf(self, request, SYLLABUS_PDF)

    @path("syllabus/", name="syllabus_progress")
    def syllabus_progress(self, request: HttpRequest) -> HttpResponse:
        """Where a reader waits for the syllabus being rendered: its progress, then the PDF."""
        return page_pdf.serve_progress(self, request, SYLLABUS_PDF)

    @path("syllabus/status/", name="syllabus_status")
    def syllabus_status(self, request: HttpRequest) -> JsonResponse:
        return page_pdf.serve_status(self, request, SYLLABUS_PDF)

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        """The editor's "Syllabus (PDF)" preview: the draft as PDF, rendered and never kept."""
        if mode_name == "syllabus-pdf":
            draft = syllabus.render_syllabus(self, None)
            return pdf_bytes_response(draft.data, syllabus.syllabus_filename(self))
        return super().serve_preview(request, mode_name)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # The syllabus is cached per published revision and language; a preview never is.
        context["syllabus_cache_seconds"] = 0 if getattr(request, "is_preview", False) else 3600
        # Its institution's name and policies; its editions purge it themselves (courses.signals).
        # The syllabus fragments are forgotten with the page (its materials, reference data).
        shown = (
            pagecache.institution_tag(self.institution_id),
            pagecache.page_tag(self.translation_key),
        )
        pagecache.depends_on(request, *shown)
        context["shown_generation"] = pagecache.generation(pagecache.EVERYTHING, *shown)
        now = timezone.now()
        context["editions"] = [catalog.edition(offering, now) for offering in self.editions(now)]
        # The main action: the soonest edition one can enrol in now, else the soonest.
        context["next_edition"] = next(
            (edition for edition in context["editions"] if edition.open_now),
            next(iter(context["editions"]), None),
        )
        context["my_offerings"] = set()
        context["waiting"] = False
        if request.user.is_authenticated:
            context["my_offerings"] = catalog.holding_a_place(
                [edition.offering for edition in context["editions"]], request.user
            )
            context["waiting"] = request.user.course_interest.filter(
                notified_at=None, course__translation_key=self.translation_key
            ).exists()
        return context

    def editions(self, now: datetime.datetime) -> QuerySet[CourseOffering]:
        """Offerings of this course, in any of its translations, that take applications now
        or will, each with its seats taken."""
        # Apps above courses add what the page shows of each offering (faculty: the public
        # team) through the Wagtail hook `course_page_offering_prefetches`.
        prefetches = [hook() for hook in hooks.get_hooks("course_page_offering_prefetches")]
        return catalog.editions([self.translation_key], now).prefetch_related(*prefetches)


SORT_BY_START = "start"


class CourseIndexPage(ContentPage):
    """The catalog: every institution's published courses in the visitor's language."""

    per_page = 12
    max_count_per_parent = 1
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("course catalog")

    @classmethod
    def in_language(cls) -> CourseIndexPage | None:
        """The live catalog in the active language, if the site has one."""
        return cls.objects.live().filter(locale=Locale.get_active()).first()

    def courses(self) -> QuerySet[CoursePage]:
        return (
            CoursePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("institution", "tier", "locale", "alias_of__locale")
            .annotate(source_language_shown=source_language_shown())
            .prefetch_related("service_fields")
            .order_by("title", "pk")
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        pagecache.depends_on(request, pagecache.CONTENT)
        data = {
            key: value
            for key, value in request.GET.items()
            if key in FACETS and isinstance(value, str) and value  # a list only when empty
        }
        now = timezone.now()
        courses = self.courses()
        # Courses in the reader's language first: where there are any, the catalog opens on them.
        if (
            "written" not in data
            and CourseFilter({"written": IN_MY_LANGUAGE}, queryset=courses).qs.exists()
        ):
            data["written"] = IN_MY_LANGUAGE
        filtered = CourseFilter(data, queryset=courses)
        if filtered.is_valid():
            results = filtered.qs
        else:
            results, data = courses.none(), {}
            context["filter_error"] = _(
                "That filter no longer exists, perhaps because a course was withdrawn. "
                "Start again from the whole catalog."
            )
        by_start = request.GET.get("sort") == SORT_BY_START
        if by_start:
            results = catalog.by_next_start(results, now)
        page_obj = Paginator(results, self.per_page).get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["cards"] = catalog.cards(page_obj.object_list, now)
        kept = {"sort": SORT_BY_START} if by_start else {}
        # The page adds each option's link: to a copy, not to the facets kept for every visitor.
        context["facets"] = copy.deepcopy(kept_facets(data, courses, self.locale_id))
        for facet in context["facets"]:
            others = {key: value for key, value in data.items() if key != facet["name"]} | kept
            # Clearing the language facet shows every language, rather than the default again.
            cleared = {"written": IN_EVERY_LANGUAGE} if facet["name"] == "written" else {}
            facet["clear_url"] = "?" + urlencode(others | cleared)
            for option in facet["options"]:
                option["url"] = "?" + urlencode(others | {facet["name"]: option["value"]})
        # The language the catalog opens on is not a filter the visitor chose.
        context["active_filters"] = {
            key: value for key, value in data.items() if key in request.GET
        }
        context["sorts"] = [
            {"label": label, "url": "?" + urlencode(data | extra), "current": current}
            for label, extra, current in (
                (_("By title"), {}, not by_start),
                (_("Starting soonest"), {"sort": SORT_BY_START}, by_start),
            )
        ]
        return context


class LearningOutcome(TranslatableMixin, Orderable, ClusterableModel):
    """A course's outcome; translatable, so that a translation of the course gives its own words
    while keeping the competencies it maps to."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="outcomes")
    text = models.CharField(
        _("outcome"),
        max_length=300,
        help_text=_("Start with a verb: “Conduct a structured risk assessment…”"),
    )
    competencies = ParentalManyToManyField(
        "curriculum.Competency", verbose_name=_("competencies"), blank=True
    )

    panels = [FieldPanel("text"), FieldPanel("competencies", widget=CompetenciesByFramework)]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self) -> str:
        return self.text
