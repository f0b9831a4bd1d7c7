"""Evaluation rounds: a framework version, a period and the institutions evaluated; the values
found for each indicator; and the snapshots that finalising freezes."""

import datetime
from collections.abc import Iterable
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.models.frameworks import EVALUATING_ROLES
from assessment.scoring import Definition
from core.languages import in_reader_language
from core.models import Institution, Role, User

# A computation that has reported no progress for this long has stopped.
STALLED = datetime.timedelta(minutes=10)


class RoundQuerySet(models.QuerySet["EvaluationRound"]):
    def run_by(self, user: User | AnonymousUser) -> Self:
        """Rounds of the authorities where the user is an evaluator."""
        return self.filter(authority__in=Institution.objects.with_role(user, EVALUATING_ROLES))

    def evaluating(self, institutions: Iterable[Institution]) -> Self:
        return self.filter(institutions__in=institutions).distinct()


class EvaluationRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FINALISED = "finalised", _("Finalised")

    authority = models.ForeignKey(
        Institution,
        verbose_name=_("supervising authority"),
        on_delete=models.PROTECT,
        related_name="evaluation_rounds",
        limit_choices_to={"oversight_region__isnull": False},
    )
    framework = models.ForeignKey(
        "assessment.IndicatorFramework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    framework_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. Annual review 2026"))
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    institutions = models.ManyToManyField(
        Institution, verbose_name=_("institutions evaluated"), related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    computed_at = models.DateTimeField(_("figures computed"), null=True, editable=False)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, editable=False, help_text=_("Set while figures are computed.")
    )
    progress_at = models.DateTimeField(_("progress last reported"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-ends_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")),
                name="assessment_round_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return in_reader_language(self)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_stalled(self, now: datetime.datetime | None = None) -> bool:
        """Whether a computation under way has reported nothing for a while (its worker was
        stopped): only then is it offered to start again."""
        if self.progress is None:
            return False
        return self.progress_at is None or self.progress_at < (now or timezone.now()) - STALLED

    def is_computing(self) -> bool:
        """Whether a computation is under way and still reporting progress."""
        return self.progress is not None and not self.is_stalled()

    def definition(self) -> Definition:
        """The framework as it was when the round opened."""
        return self.framework_revision.as_object().definition()


class IndicatorValue(models.Model):
    """The value of one indicator for one institution in a round: computed, or entered by an
    evaluator with evidence."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="values")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("indicator"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.ManyToManyField(
        "core.PraxisDocument", verbose_name=_("evidence"), blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "institution", "code"], name="assessment_value_one_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.value}"


class SnapshotQuerySet(models.QuerySet["RoundSnapshot"]):
    def current(self) -> Self:
        """Each round's snapshots of its latest finalised version."""
        return self.filter(version=models.F("round__version"), round__status="finalised")

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Reports of the institutions the user administers, and of the institutions a
        supervising authority the user belongs to oversees."""
        administered = Institution.objects.with_role(user, [Role.INSTITUTION_ADMIN])
        overseen = Institution.objects.overseen_by(user)
        return self.filter(Q(institution__in=administered) | Q(institution__in=overseen))


class RoundSnapshot(models.Model):
    """What a finalised round found for one institution, frozen as canonical JSON text, so that
    its report comes out the same, byte for byte, whatever changes later."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="snapshots")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"))
    data = models.TextField(editable=False)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True)
    rating = models.CharField(_("rating"), max_length=60, blank=True)
    # The share of the framework's points with data (%); null in snapshots taken before.
    coverage = models.DecimalField(_("coverage"), max_digits=5, decimal_places=2, null=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised"))

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality report")
        verbose_name_plural = _("quality reports")
        ordering = ["-finalised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "institution", "version"], name="assessment_snapshot_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.institution} · v{self.version}"

    @property
    def too_little_data(self) -> bool:
        """Some of the framework had data, too little for a total and a rating."""
        return self.total is None and bool(self.coverage)
