"""Placement programmes, and placements: a trainee at a base for a period under two mentors —
an academic supervisor from the faculty and an agency supervisor who practises at the base —
with a learning agreement all three sign."""

from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from core.languages import in_reader_language
from core.models import Institution, User
from core.models.terms import check_term
from core.panels import in_each_language
from placements.models.bases import MANAGING_ROLES, InstitutionOwnedQuerySet, Level, PracticeBase

if TYPE_CHECKING:
    from faculty.models import FacultyMember


class PlacementProgramme(ClusterableModel):
    """A programme of placements: its level, required hours, supervision rule and the rubric
    its evaluations use."""

    class SupervisionBasis(models.TextChoices):
        PLACEMENT_HOURS = "hours", _("per placement hours")
        WEEKS = "weeks", _("per week")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="placement_programmes",
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    required_hours = models.PositiveSmallIntegerField(
        _("required hours"),
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_("Hours each placement must log; a placement may ask for more."),
    )
    framework = models.ForeignKey(
        "curriculum.CompetencyFramework",
        verbose_name=_("competency framework"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Learning objectives and evaluations use its competencies."),
    )
    application_term = models.ForeignKey(
        "core.Term",
        verbose_name=_("taking applications for"),
        on_delete=models.PROTECT,
        related_name="programmes_applying",
        null=True,
        blank=True,
        help_text=_(
            "The term trainees may now apply for, with their preferred bases; empty when "
            "applications are closed."
        ),
    )
    supervision_minutes = models.PositiveSmallIntegerField(
        _("supervision minutes"), default=60, validators=[MinValueValidator(1)]
    )
    supervision_every = models.PositiveSmallIntegerField(
        _("for every"), default=35, validators=[MinValueValidator(1)]
    )
    supervision_basis = models.CharField(
        _("counted"),
        max_length=6,
        choices=SupervisionBasis.choices,
        default=SupervisionBasis.PLACEMENT_HOURS,
        help_text=_("e.g. 60 minutes for every 35 placement hours, or 60 minutes every 1 week."),
    )

    objects = InstitutionOwnedQuerySet.as_manager()
    institution_roles = MANAGING_ROLES

    panels = [
        FieldRowPanel([FieldPanel("institution"), FieldPanel("level")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("required_hours"), FieldPanel("framework")]),
        FieldPanel("application_term"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("supervision_minutes"),
                        FieldPanel("supervision_every"),
                        FieldPanel("supervision_basis"),
                    ]
                )
            ],
            heading=_("Supervision rule"),
        ),
        InlinePanel(
            "rubric_levels",
            heading=_("Rubric levels"),
            label=_("Level"),
            min_num=2,
            help_text=_("From the lowest to the highest; each competency is rated on them."),
        ),
    ]

    class Meta:
        verbose_name = _("placement programme")
        verbose_name_plural = _("placement programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_term(self, self.institution_id, "application_term")

    def required_supervision_minutes(self, approved_hours: Decimal, weeks: int) -> int:
        """Minutes of supervision the rule asks for after these hours or weeks."""
        done = approved_hours if self.supervision_basis == "hours" else Decimal(weeks)
        return int(done // self.supervision_every) * self.supervision_minutes


class RubricLevel(models.Model):
    programme = ParentalKey(
        PlacementProgramme, on_delete=models.CASCADE, related_name="rubric_levels"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    name = models.CharField(_("name"), max_length=60)
    name_es = models.CharField(_("name in Spanish"), max_length=60, blank=True)
    name_zh_hans = models.CharField(_("name in Chinese"), max_length=60, blank=True)
    name_en = models.CharField(_("name in English"), max_length=60, blank=True)
    descriptor = models.TextField(_("descriptor"), help_text=_("What a trainee at it can do."))
    descriptor_es = models.TextField(_("descriptor in Spanish"), blank=True)
    descriptor_zh_hans = models.TextField(_("descriptor in Chinese"), blank=True)
    descriptor_en = models.TextField(_("descriptor in English"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("score"), FieldPanel("name")]),
        in_each_language("name"),
        FieldPanel("descriptor"),
        in_each_language("descriptor"),
    ]

    class Meta:
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")
        ordering = ["score"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "score"], name="placements_level_once")
        ]

    def __str__(self) -> str:
        return f"{self.score} · {in_reader_language(self)}"

    @property
    def descriptor_read(self) -> str:
        """The descriptor in the reader's language, else as written."""
        return in_reader_language(self, "descriptor")


class PlacementQuerySet(InstitutionOwnedQuerySet["Placement"]):
    listed_with = (
        "trainee",
        "base",
        "programme",
        "term",
        "academic_supervisor",
        "agency_supervisor",
    )

    def supervised_by(self, user: User | AnonymousUser) -> Self:
        """Placements where the user is the academic supervisor."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(academic_supervisor__user=user)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        both = self.for_user(user) | self.supervised_by(user)
        return both.select_related(*self.listed_with)

    def taking_places(self) -> Self:
        return self.exclude(status=Placement.Status.TERMINATED)


class Placement(ClusterableModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        IN_PROGRESS = "in-progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")

    FINAL = (Status.COMPLETED, Status.TERMINATED)

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        PlacementProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    offering = models.ForeignKey(
        "courses.CourseOffering",
        verbose_name=_("course offering"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        help_text=_("The course the placement belongs to, if any."),
    )
    trainee = models.ForeignKey(
        "courses.Trainee",
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    base = models.ForeignKey(
        PracticeBase,
        verbose_name=_("practice base"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    term = models.ForeignKey(
        "core.Term",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    required_hours = models.PositiveSmallIntegerField(
        _("required hours"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    academic_supervisor = models.ForeignKey(
        "faculty.FacultyMember",
        verbose_name=_("academic supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="academic_placements",
    )
    agency_supervisor = models.ForeignKey(
        "faculty.FacultyMember",
        verbose_name=_("agency supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agency_placements",
        help_text=_("A front-line practitioner at the base."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    status_note = models.CharField(
        _("reason"), max_length=255, blank=True, help_text=_("Why a placement was terminated.")
    )
    trainee_signed_at = models.DateTimeField(_("signed by the trainee"), null=True, blank=True)
    academic_signed_at = models.DateTimeField(
        _("signed by the academic supervisor"), null=True, blank=True
    )
    agency_signed_at = models.DateTimeField(
        _("signed by the agency supervisor"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("programme"), FieldPanel("term")]),
        FieldPanel("trainee"),
        FieldPanel("base"),
        FieldPanel("offering"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("required_hours"),
        FieldRowPanel([FieldPanel("academic_supervisor"), FieldPanel("agency_supervisor")]),
        InlinePanel(
            "objectives",
            heading=_("Learning agreement"),
            label=_("Objective"),
            help_text=_(
                "What the trainee will learn, each objective mapped to competencies. Changing "
                "an objective after signing asks everyone to sign again."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "trainee__family_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="placements_placement_period",
            ),
            models.CheckConstraint(
                condition=~Q(academic_supervisor=models.F("agency_supervisor")),
                name="placements_two_mentors",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.base} · {self.term}"

    def clean(self) -> None:
        check_term(self, self.institution_id)

    @property
    def agreement_signed(self) -> bool:
        return all((self.trainee_signed_at, self.academic_signed_at, self.agency_signed_at))

    def supervisors(self) -> "models.QuerySet[FacultyMember]":
        """The placement's two mentors, the only people whose supervision it records."""
        from faculty.models import FacultyMember

        return FacultyMember.objects.filter(
            pk__in=[self.academic_supervisor_id, self.agency_supervisor_id]
        )


class LearningObjective(ClusterableModel):
    placement = ParentalKey(Placement, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(_("objective"), max_length=600)
    competencies = ParentalManyToManyField(
        "curriculum.Competency", verbose_name=_("competencies"), blank=True
    )

    panels = [FieldPanel("text"), FieldPanel("competencies")]

    class Meta:
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")

    def __str__(self) -> str:
        return self.text[:80]
