"""The vocabulary courses are written in: fields of service, tiers, levels, methods and competency
frameworks (platform reference data), and each institution's teaching materials and locked course
policies."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, RevisionMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.models import Institution, Role
from core.models.pages import ContentPage
from core.permissions import ScopedAdminPageForm
from core.richtext import SafeRichTextField

# Roles that write or review teaching content, and so use an institution's materials.
AUTHORING_ROLES = (Role.INSTITUTION_ADMIN, Role.COURSE_AUTHOR, Role.REVIEWER)
LANGUAGE_CHOICES = [(code, _(name)) for code, name in settings.LANGUAGES]


class ReferenceTerm(RevisionMixin, index.Indexed, models.Model):
    """A term of the platform's reference data, named in every site language.

    The code is what imports, filters and URLs use; the names follow the reader's language.
    """

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. mental-health. Never changes."),
    )
    name_es = models.CharField(_("name in Spanish"), max_length=160)
    name_zh_hans = models.CharField(_("name in Chinese"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160)
    sort_order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first in lists and filters.")
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s"
    )

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_es"), FieldPanel("name_zh_hans"), FieldPanel("name_en")]),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name_es"),
        index.SearchField("name_zh_hans"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_es"),
        index.FilterField("code"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    @property
    def name(self):
        """The name in the active language, falling back to Spanish, the source's language."""
        field = "name_" + (get_language() or "es").replace("-", "_")
        return getattr(self, field, None) or self.name_es


class ServiceField(ReferenceTerm):
    """A field of service (art. 1): social assistance, mental health, school social work…"""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("field of service")
        verbose_name_plural = _("fields of service")


class TrainingTier(ReferenceTerm):
    """Who a course trains (art. 7, 8, 20): grassroots staff, managers, cadres, degree students…"""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("training tier")
        verbose_name_plural = _("training tiers")


class ProfessionalLevel(ReferenceTerm):
    """A certified professional level (art. 16)."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("professional level")
        verbose_name_plural = _("professional levels")


class EmployerKind(ReferenceTerm):
    """Where a trainee works (a residents' committee, a social-work agency, a hospital…);
    offerings may admit only some kinds."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("kind of employer")
        verbose_name_plural = _("kinds of employer")


class Certified(models.Model):
    """A person's certified professional level (art. 16): trainees and faculty both hold one."""

    professional_level = models.ForeignKey(
        "curriculum.ProfessionalLevel",
        verbose_name=_("professional level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)

    class Meta:
        abstract = True


class ServiceMethod(ReferenceTerm):
    """A method of social work (art. 1) that courses and competencies are tagged with."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("service method")
        verbose_name_plural = _("service methods")


class CompetencyFramework(RevisionMixin, models.Model):
    """A named set of competencies that learning outcomes are mapped to."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the framework comes from, e.g. CSWE 2022 EPAS."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="competency_framework")

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions


class Competency(RevisionMixin, index.Indexed, models.Model):
    """One competency of a framework; a competency may group narrower ones."""

    framework = models.ForeignKey(
        CompetencyFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("Leave empty for a top-level competency of the framework."),
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Short and unique in the framework, e.g. 1.2.")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    behaviours = models.TextField(
        _("behaviours"),
        blank=True,
        help_text=_("What a competent worker does that shows it: one behaviour per line."),
    )
    methods = models.ManyToManyField(ServiceMethod, verbose_name=_("service methods"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("position"), default=0)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="competency")

    panels = [
        FieldRowPanel(
            [
                FieldPanel("framework", widget=forms.Select),
                FieldPanel("parent", widget=forms.Select),
            ]
        ),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("behaviours"),
        FieldPanel("methods", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("code"),
        index.FilterField("framework"),
    ]

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework__title", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="curriculum_competency_unique_code"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def revisions(self):
        return self._revisions

    @property
    def behaviour_list(self):
        return [line.strip() for line in self.behaviours.splitlines() if line.strip()]

    def clean(self):
        if self.parent_id and self.parent.framework_id != self.framework_id:
            raise ValidationError(
                {"parent": _("Choose a competency of the same framework, or leave it empty.")}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A competency cannot be part of itself or of its own parts.")}
                )
            ancestor = ancestor.parent


class InstitutionOwnedQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def for_user(self, user):
        """Records of the institutions where the user holds a role that works with them."""
        return self.filter(
            institution__in=Institution.objects.with_role(user, self.model.institution_roles)
        )


class TeachingMaterialQuerySet(InstitutionOwnedQuerySet):
    def open_licence(self):
        """Materials under an open licence: anyone may find them, and download their file."""
        return self.filter(licence__in=TeachingMaterial.OPEN_LICENCES)


class TeachingMaterial(RevisionMixin, index.Indexed, models.Model):
    """A resource that courses teach with: a document in the institution's collection or a link.

    The collection is private to the institution's staff; a trainee opens the file through an
    offering that uses it, and anyone downloads the file of a material under an open licence.
    """

    class Kind(models.TextChoices):
        TEXTBOOK_CHAPTER = "textbook-chapter", _("Textbook chapter")
        CASE_STUDY = "case-study", _("Case study")
        SLIDE_DECK = "slide-deck", _("Slide deck")
        VIDEO = "video", _("Video")
        EXERCISE = "exercise", _("Exercise")
        ASSESSMENT_INSTRUMENT = "assessment-instrument", _("Assessment instrument")
        READING_PACK = "reading-pack", _("Reading pack")

    class Licence(models.TextChoices):
        CC_BY = "cc-by", _("Creative Commons Attribution (CC BY 4.0)")
        CC_BY_SA = "cc-by-sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)")
        CC_BY_NC = "cc-by-nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)")
        PUBLIC_DOMAIN = "public-domain", _("Public domain")
        INSTITUTION = "institution", _("The institution's own, for its courses only")
        ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved (used by permission)")

    OPEN_LICENCES = (Licence.CC_BY, Licence.CC_BY_SA, Licence.CC_BY_NC, Licence.PUBLIC_DOMAIN)

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="teaching_materials",
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    service_fields = models.ManyToManyField(
        ServiceField, verbose_name=_("fields of service"), blank=True
    )
    tier = models.ForeignKey(
        TrainingTier,
        verbose_name=_("training tier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    language = models.CharField(
        _("language"), max_length=10, choices=LANGUAGE_CHOICES, default="es"
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices)
    document = models.ForeignKey(
        "core.PraxisDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Upload the file into your institution's collection, or give a link instead."),
    )
    url = models.URLField(_("link"), blank=True, help_text=_("For a video or a page elsewhere."))
    description = models.TextField(_("description"), blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="teaching_material")

    objects = TeachingMaterialQuerySet.as_manager()
    institution_roles = AUTHORING_ROLES

    panels = [
        FieldPanel("institution"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language"), FieldPanel("licence")]),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("url")],
            heading=_("File or link"),
        ),
        FieldPanel("description"),
        FieldPanel("service_fields", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tier", widget=forms.Select),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("id"),
        index.FilterField("institution"),
        index.FilterField("kind"),
        index.FilterField("tier"),
        index.FilterField("language"),
        index.FilterField("licence"),
        index.FilterField("service_fields"),
    ]

    class Meta:
        verbose_name = _("teaching material")
        verbose_name_plural = _("teaching materials")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.licence in self.OPEN_LICENCES

    @property
    def revisions(self):
        return self._revisions

    @property
    def link(self):
        return self.document.url if self.document_id else self.url

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().prefetch_related("service_fields")

    @property
    def search_language(self):
        """The search index stems this material's words in the language it is written in."""
        return self.language

    def clean(self):
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(
                _("Give either a document or a link: one of the two, not both and not neither.")
            )
        if (
            self.document_id
            and self.institution_id
            and self.document.collection_id != self.institution.collection_id
        ):
            raise ValidationError(
                {
                    "document": _(
                        "Choose a document from this institution's own collection, "
                        "or upload it there first."
                    )
                }
            )


class InstitutionPolicy(RevisionMixin, models.Model):
    """A section every course of an institution shows as it is; only its admins change it."""

    class Kind(models.TextChoices):
        ETHICS = "ethics", _("Code of ethics")
        ATTENDANCE = "attendance", _("Attendance")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="policies",
    )
    kind = models.CharField(_("section"), max_length=20, choices=Kind.choices)
    body = SafeRichTextField(
        _("text"), features=["bold", "italic", "link", "ol", "ul"], help_text=_("Shown as it is.")
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="institution_policy")

    objects = InstitutionOwnedQuerySet.as_manager()
    institution_roles = (Role.INSTITUTION_ADMIN,)

    panels = [FieldRowPanel([FieldPanel("institution"), FieldPanel("kind")]), FieldPanel("body")]

    class Meta:
        verbose_name = _("course policy")
        verbose_name_plural = _("course policies")
        ordering = ["institution__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind"], name="curriculum_policy_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.institution}"

    @property
    def revisions(self):
        return self._revisions


class CurriculumPlanForm(ScopedAdminPageForm):
    """Where the plan requires it, refuses courses whose outcomes map to no competency."""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("requires_competency_mapping"):
            return cleaned
        from courses.models import LearningOutcome

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
    subpage_types = []
    template = "curriculum/curriculum_plan_page.html"

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

    @property
    def objective_list(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def plan_entries(self):
        """The plan's courses, each with its live course page and the competencies it builds."""
        from courses.models import CoursePage, LearningOutcome

        entries = list(self.plan_courses.all())
        courses = CoursePage.objects.in_bulk([entry.course_id for entry in entries])
        built = {}
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

    def summary(self):
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
        children = {}
        for competency in competencies:
            children.setdefault(competency.parent_id, []).append(competency.pk)

        def family(pk):
            """The competency and all its parts: building any of them builds it."""
            return {pk}.union(*(family(child) for child in children.get(pk, [])))

        families = {competency.pk: family(competency.pk) for competency in competencies}

        def covers(entry, competency):
            return bool(entry.competency_ids & families.get(competency.pk, {competency.pk}))

        matrix = [(c, [covers(e, c) for e in entries]) for c in competencies]
        required = [e for e in entries if e.kind == PlanCourse.Kind.REQUIRED]
        return {
            "entries": entries,
            "hours": hours,
            "practice_share": share,
            "practice_share_met": share >= self.min_practice_share,
            "ethics_met": self.ethics_competency is None
            or any(covers(e, self.ethics_competency) for e in required),
            "matrix": matrix,
            "uncovered": [c for c, row in matrix if not any(row)],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["plan"] = self.summary()
        return context

    @path("book/", name="book")
    def book(self, request):
        """Where a reader waits for the plan book: its progress, then the PDF."""
        from curriculum import services
        from curriculum.tasks import render_plan_book

        status = services.book_status(self)
        if status.ready:
            return redirect(f"{self.get_url(request)}book.pdf")
        if not status.claimed_until:
            render_plan_book.enqueue(self.pk)
            status.refresh_from_db()
            if status.ready:
                return redirect(f"{self.get_url(request)}book.pdf")
        return self.render(
            request,
            template="curriculum/plan_book_progress.html",
            context_overrides={"status": status},
        )

    @path("book/status/", name="book_status")
    def book_progress(self, request):
        """The plan book's stage, for the progress page to poll."""
        from curriculum import services

        status = services.book_status(self)
        return JsonResponse(
            {
                "ready": status.ready,
                "stage": status.get_stage_display(),
                "progress": status.progress,
                "failed": status.stage == status.Stage.FAILED,
                "url": f"{self.get_url(request)}book.pdf",
            },
            headers={"Cache-Control": "no-store"},
        )


class PlanCourse(Orderable):
    class Kind(models.TextChoices):
        REQUIRED = "required", _("Required")
        ELECTIVE = "elective", _("Elective")

    plan = ParentalKey(CurriculumPlanPage, on_delete=models.CASCADE, related_name="plan_courses")
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("required or elective"), max_length=10, choices=Kind.choices, default=Kind.REQUIRED
    )

    panels = [FieldRowPanel([FieldPanel("course"), FieldPanel("kind")])]

    class Meta(Orderable.Meta):
        verbose_name = _("course of the plan")
        verbose_name_plural = _("courses of the plan")
