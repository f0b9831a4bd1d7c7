"""What an allocation works from — each trainee's application with ranked preferences (a base,
or any base of a field) and declared conflicts of interest — and each run's record."""

from typing import Any, TypedDict, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from core.models import Institution
from core.models.terms import check_term
from placements.models.bases import InstitutionOwnedQuerySet, PracticeBase
from placements.models.placements import PlacementProgramme

# A base's id; why a choice went as it did: [reason code or "got", base id, rank].
BaseId = int
Reason = list[Any]


class Satisfaction(TypedDict):
    """How well an allocation meets the preferences, as stored in a run's result."""

    applicants: int
    placed: int
    first_choice: int
    mean_rank: float | None


class AllocationRow(TypedDict):
    """An application in a run's result: the base it got, if any, and why."""

    application: int
    base: BaseId | None
    why: list[Reason]


class AllocationResult(TypedDict, total=False):
    """A run's result as stored: a row per application and the satisfaction, and once the run
    is confirmed, the base each application (its pk, as a string) was given."""

    rows: list[AllocationRow]
    satisfaction: Satisfaction
    confirmed: dict[str, BaseId | None]


class ApplicationQuerySet(InstitutionOwnedQuerySet["PlacementApplication"]):
    institution_path = "programme__institution"
    listed_with = ("trainee", "programme", "term")


class RunQuerySet(InstitutionOwnedQuerySet["AllocationRun"]):
    listed_with = ("programme", "created_by", "term")


class PlacementApplication(ClusterableModel):
    """A trainee's request for a placement in a programme and term."""

    programme = models.ForeignKey(
        PlacementProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    term = models.ForeignKey(
        "core.Term",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="placement_applications",
    )
    trainee = models.ForeignKey(
        "courses.Trainee",
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="placement_applications",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement application")
        verbose_name_plural = _("placement applications")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "term", "trainee"], name="placements_apply_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.programme} · {self.term}"

    def clean(self) -> None:
        check_term(self, self.programme.institution_id if self.programme_id else None)


class PlacementPreference(models.Model):
    application = ParentalKey(
        PlacementApplication, on_delete=models.CASCADE, related_name="preferences"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    base = models.ForeignKey(
        PracticeBase,
        verbose_name=_("practice base"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    field = models.ForeignKey(
        "curriculum.ServiceField",
        verbose_name=_("or any base of the field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(base__isnull=True) ^ Q(field__isnull=True),
                name="placements_preference_base_or_field",
            ),
            models.UniqueConstraint(
                fields=["application", "rank"], name="placements_preference_rank_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.base or self.field}"


class ConflictOfInterest(models.Model):
    application = ParentalKey(
        PlacementApplication, on_delete=models.CASCADE, related_name="conflicts"
    )
    base = models.ForeignKey(
        PracticeBase, verbose_name=_("practice base"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(
        _("reason"), max_length=255, help_text=_("e.g. a relative works there.")
    )

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self) -> str:
        return str(self.base)


class AllocationRun(models.Model):
    """One allocation of a programme's applicants for a term: who ran it and when, what it
    read, what it proposed, and whether the coordinator confirmed it."""

    class RegionScope(models.TextChoices):
        CITY = "city", _("In the trainee's city")
        PROVINCE = "province", _("In the trainee's province")
        ANYWHERE = "anywhere", _("Anywhere")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        PlacementProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="allocation_runs",
    )
    term = models.ForeignKey(
        "core.Term",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="allocation_runs",
    )
    starts_on = models.DateField(_("placements start on"))
    ends_on = models.DateField(_("placements end on"))
    region_scope = models.CharField(
        _("bases"), max_length=8, choices=RegionScope.choices, default=RegionScope.PROVINCE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    inputs = models.JSONField(_("inputs"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        created = date_format(localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        return f"{self.programme} · {self.term} · {created}"

    def clean(self) -> None:
        check_term(self, self.programme.institution_id if self.programme_id else None)

    @property
    def typed_result(self) -> AllocationResult:
        """The stored result, typed (the JSON is what `run_allocation` and `confirm_run` wrote)."""
        return cast(AllocationResult, self.result)

    @property
    def rows(self) -> list[AllocationRow]:
        """A row per application, in order of application; none before the run is computed."""
        return self.typed_result.get("rows", [])
