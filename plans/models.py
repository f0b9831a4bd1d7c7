"""Curriculum plans: which courses a tier, field and region's training takes, and whether
together they meet the practice share, the ethics requirement and a framework's competencies.
Plans consume courses, so they live above them."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable
from wagtail.search import index

from core import page_pdf
from core.models.pages import ContentPage
from core.permissions import ScopedAdminPageForm
from core.translatable import kept_as_in_source
from courses.models import CoursePage, LearningOutcome
from curriculum.models import Competency, CompetencyFramework, ServiceField, TrainingTier
from plans import services
from plans.tasks import render_plan_book


@dataclass(frozen=True)
class PlanSummary:
    """What a plan's courses add up to, for its page and its book."""

    entries: list["PlanCourse"]  # each with its course page, hours and competencies built
    hours: dict[str, dict[str, Decimal]]  # kind of hours → required or elective → hours
    practice_share: Decimal  # practice and supervision, % of the required courses' hours
    practice_share_met: bool
    ethics_met: bool
    matrix: list[tuple[Competency, list[bool]]]  # each competency: built by each course?
    uncovered: list[Competency]


class CurriculumPlanForm(ScopedAdminPageForm):
    """Where the plan requires it, refuses courses whose outcomes map to no competency."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("requires_competency_mapping"):
            return cleaned
        courses = self.formsets["plan_courses"]
        if not courses.is_valid():  # its own errors come first
            return cleaned
        chosen = [
            form.cleaned_data["course"]
            for form in courses.forms
            if form.cleaned_data.get("course") and not form.cleaned_data.get("DELETE")
        ]
        unmapped = LearningOutcome.objects.filter(
            page__in=chosen, competencies__isnull=True
        ).select_related("page")
        if unmapped:
            self.add_error(
                None,
                _(
                    "This plan requires every learning outcome to be mapped to a competency. "
                    "Map these outcomes in their courses, or choose other courses: %(outcomes)s"
                )
                % {
                    "outcomes": "; ".join(
                        f"{outcome.page.code}: {outcome.text}" for outcome in unmapped
                    )
                },
            )
        return cleaned


BOOK_PDF = page_pdf.PagePdf(
    name="book",
    record=services.book_status,
    task=render_plan_book,
    heading=_("Preparing the plan book"),
    lead=_(
        "Every course of “%(title)s” is being laid out in one PDF, with a table of contents. "
        "It takes a few seconds per course, and only once: afterwards everyone downloads it "
        "at once."
    ),
    download=_("Download the plan book (PDF)"),
)


class CurriculumPlanPage(RoutablePageMixin, ContentPage):
    """A plan for a tier, field and region: which courses, and whether together they meet the
    practice share, the ethics requirement and the competencies of a framework."""

    tier = models.ForeignKey(
        TrainingTier, verbose_name=_("training tier"), on_delete=models.PROTECT, related_name="+"
    )
    service_field = models.ForeignKey(
        ServiceField,
        verbose_name=_("field of service"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty for a plan that applies everywhere."),
    )
    target_trainees = models.TextField(
        _("target trainees"),
        help_text=_("Who the plan trains, e.g. staff of residents' committees."),
    )
    objectives = models.TextField(_("objectives"), help_text=_("One objective per line."))
    framework = models.ForeignKey(
        CompetencyFramework,
        verbose_name=_("competency framework"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The coverage matrix shows which of its competencies each course builds."),
    )
    min_practice_share = models.PositiveSmallIntegerField(
        _("minimum practice share (%)"),
        default=30,
        validators=[MaxValueValidator(100)],
        help_text=_("Practice and supervision hours as a share of all hours of required courses."),
    )
    ethics_competency = models.ForeignKey(
        Competency,
        verbose_name=_("required ethics content"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Met when a required course builds this competency or one of its parts."),
    )
    requires_competency_mapping = models.BooleanField(
        _("every outcome must be mapped"),
        default=True,
        help_text=_("Refuse courses with a learning outcome that maps to no competency."),
    )

    base_form_class = CurriculumPlanForm
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("target_trainees"),
        index.SearchField("objectives"),
        index.FilterField("tier"),
        index.FilterField("service_field"),
    ]
    parent_page_types = ["core.HomePage", "core.InstitutionPage"]
    # A translation keeps the plan's requirements and courses: only its words are translated.
    override_translatable_fields = [
        *ContentPage.override_translatable_fields,
        *kept_as_in_source(
            "tier",
            "service_field",
            "region",
            "framework",
            "min_practice_share",
            "ethics_competency",
            "requires_competency_mapping",
            "plan_courses",
        ),
    ]
    subpage_types: list[str] = []
    template = "plans/curriculum_plan_page.html"

    content_panels = [
        *ContentPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("tier", widget=forms.Select),
                        FieldPanel("service_field", widget=forms.Select),
                    ]
                ),
                FieldPanel("region"),
                FieldPanel("target_trainees"),
                FieldPanel("objectives"),
            ],
            heading=_("Scope"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("framework"),
                FieldRowPanel([FieldPanel("min_practice_share"), FieldPanel("ethics_competency")]),
                FieldPanel("requires_competency_mapping"),
            ],
            heading=_("Requirements"),
        ),
        InlinePanel("plan_courses", heading=_("Courses"), label=_("Course"), min_num=1),
    ]

    class Meta:
        verbose_name = _("curriculum plan")
        verbose_name_plural = _("curriculum plans")
        db_table = "curriculum_curriculumplanpage"  # moved from curriculum with its table

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def plan_entries(self) -> list["PlanCourse"]:
        """The plan's courses, each with its live course page and the competencies it builds."""
        entries = list(self.plan_courses.all())
        courses = CoursePage.objects.in_bulk([entry.course_id for entry in entries])
        built: dict[int, set[int]] = {}
        outcomes = LearningOutcome.objects.filter(page_id__in=courses).prefetch_related(
            "competencies"
        )
        for outcome in outcomes:
            built.setdefault(outcome.page_id, set()).update(
                c.pk for c in outcome.competencies.all()
            )
        for entry in entries:
            entry.course_page = courses.get(entry.course_id)
            entry.hours = entry.course_page.hours if entry.course_page else None
            entry.competency_ids = built.get(entry.course_id, set())
        return [entry for entry in entries if entry.course_page is not None]

    def summary(self) -> "PlanSummary":
        """Hours by kind, the practice share, ethics and the coverage matrix, computed."""
        entries = self.plan_entries()
        kinds = ("theory_hours", "practice_hours", "supervision_hours", "total")
        hours = {
            kind: {
                group: sum((e.hours[kind] for e in entries if e.kind == group), Decimal(0))
                for group in PlanCourse.Kind.values
            }
            for kind in kinds
        }
        required_total = hours["total"][PlanCourse.Kind.REQUIRED]
        practice = (
            hours["practice_hours"][PlanCourse.Kind.REQUIRED]
            + hours["supervision_hours"][PlanCourse.Kind.REQUIRED]
        )
        share = practice * 100 / required_total if required_total else Decimal(0)
        competencies = list(self.framework.competencies.all())
        children: dict[int | None, list[int]] = {}
        for competency in competencies:
            children.setdefault(competency.parent_id, []).append(competency.pk)

        def family(pk: int) -> set[int]:
            """The competency and all its parts: building any of them builds it."""
            return {pk}.union(*(family(child) for child in children.get(pk, [])))

        families = {competency.pk: family(competency.pk) for competency in competencies}

        def covers(entry: PlanCourse, competency: Competency) -> bool:
            return bool(entry.competency_ids & families.get(competency.pk, {competency.pk}))

        matrix = [(c, [covers(e, c) for e in entries]) for c in competencies]
        required = [e for e in entries if e.kind == PlanCourse.Kind.REQUIRED]
        return PlanSummary(
            entries=entries,
            hours=hours,
            practice_share=share,
            practice_share_met=share >= self.min_practice_share,
            ethics_met=self.ethics_competency is None
            or any(covers(e, self.ethics_competency) for e in required),
            matrix=matrix,
            uncovered=[c for c, row in matrix if not any(row)],
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["plan"] = self.summary()
        return context

    # Wagtail hands a routable page its remaining path with a closing slash: `book.pdf`.
    @path("book.pdf/", name="book_pdf")
    def book_pdf(self, request: HttpRequest) -> HttpResponseBase:
        return page_pdf.serve_pdf(self, request, BOOK_PDF)

    @path("book/", name="book")
    def book(self, request: HttpRequest) -> HttpResponse:
        """Where a reader waits for the plan book being rendered: its progress, then the PDF."""
        return page_pdf.serve_progress(self, request, BOOK_PDF)

    @path("book/status/", name="book_status")
    def book_progress(self, request: HttpRequest) -> JsonResponse:
        return page_pdf.serve_status(self, request, BOOK_PDF)


class PlanCourse(Orderable):
    class Kind(models.TextChoices):
        REQUIRED = "required", _("Required")
        ELECTIVE = "elective", _("Elective")

    plan = ParentalKey(CurriculumPlanPage, on_delete=models.CASCADE, related_name="plan_courses")
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("required or elective"), max_length=10, choices=Kind.choices, default=Kind.REQUIRED
    )

    panels = [FieldRowPanel([FieldPanel("course"), FieldPanel("kind")])]

    class Meta(Orderable.Meta):
        verbose_name = _("course of the plan")
        verbose_name_plural = _("courses of the plan")
        db_table = "curriculum_plancourse"
