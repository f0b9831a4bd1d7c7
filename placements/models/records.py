"""What a placement leaves behind: the trainee's hours, supervision sessions, evaluations
against the programme's rubric, and the single-purpose links agency supervisors use."""

from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from placements.models.placements import Placement


class HoursEntryQuerySet(models.QuerySet["HoursEntry"]):
    def counted(self) -> Self:
        """Entries whose hours count: approved, or locked after approval."""
        return self.filter(state__in=HoursEntry.COUNTED)


class HoursEntry(models.Model):
    """A dated stretch of placement work. Approved hours never change: only drafts and
    returned entries can be edited."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        LOCKED = "locked", _("Locked")

    COUNTED = (State.APPROVED, State.LOCKED)
    EDITABLE = (State.DRAFT, State.RETURNED)

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="hours"
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2, editable=False)
    activities = models.TextField(_("activities"), max_length=2000)
    competencies = models.ManyToManyField(
        "curriculum.Competency", verbose_name=_("competencies practised"), blank=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, editable=False)
    decided_at = models.DateTimeField(_("approved or returned"), null=True, editable=False)
    decided_by = models.CharField(_("approved or returned by"), max_length=200, editable=False)
    return_reason = models.CharField(_("why it was returned"), max_length=500, blank=True)

    objects = HoursEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        ordering = ["date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="placements_entry_times"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=16), name="placements_entry_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class SupervisionSession(models.Model):
    """A supervision session; a group session counts for each placement in it."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    placements = models.ManyToManyField(
        Placement, verbose_name=_("placements"), related_name="supervision_sessions"
    )
    supervisor = models.ForeignKey(
        "faculty.FacultyMember",
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="supervision_sessions",
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topics = models.TextField(_("topics"), max_length=2000)

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.minutes} min · {self.get_kind_display()}"


class PlacementEvaluation(models.Model):
    """The agency supervisor's rating of each competency at mid-term or at the end, the
    trainee's self-evaluation and the academic supervisor's sign-off."""

    class Stage(models.TextChoices):
        MIDTERM = "midterm", _("Mid-term")
        FINAL = "final", _("Final")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    comments = models.TextField(_("comments"), max_length=3000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.CharField(_("submitted by"), max_length=200, blank=True)
    self_evaluation = models.TextField(_("self-evaluation"), max_length=3000, blank=True)
    self_submitted_at = models.DateTimeField(_("self-evaluation submitted"), null=True)
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("placement evaluation")
        verbose_name_plural = _("placement evaluations")
        ordering = ["placement", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "stage"], name="placements_stage_once")
        ]

    def __str__(self) -> str:
        return f"{self.placement} · {self.get_stage_display()}"


class EvaluationRating(models.Model):
    evaluation = models.ForeignKey(
        PlacementEvaluation, on_delete=models.CASCADE, related_name="ratings"
    )
    competency = models.ForeignKey(
        "curriculum.Competency",
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "placements.RubricLevel",
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "competency"], name="placements_rating_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class SupervisorLink(models.Model):
    """A link that lets a placement's agency supervisor do one thing without an account:
    approve a week's hours, sign the learning agreement or fill in an evaluation."""

    class Purpose(models.TextChoices):
        APPROVE_WEEK = "week", _("Approve a week's hours")
        SIGN_AGREEMENT = "agreement", _("Sign the learning agreement")
        EVALUATE = "evaluate", _("Fill in an evaluation")

    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="links"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    week_of = models.DateField(_("week of"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=8, choices=PlacementEvaluation.Stage.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervisor link")
        verbose_name_plural = _("supervisor links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.placement}"
