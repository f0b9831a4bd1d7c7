"""Figures about placements in a fixed number of queries: each placement's approved hours and
supervision against its programme's rule, and an institution's term — base utilisation, hours
completion and supervision compliance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from django.db.models import DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from core.models import Institution, Term
from placements.models import BaseCapacity, HoursEntry, Placement, SupervisionSession


@dataclass
class Progress:
    placement: Placement
    approved: Decimal
    supervision_minutes: int
    required_minutes: int

    @property
    def hours_share(self) -> float:
        return min(100.0, float(self.approved) * 100 / self.placement.required_hours)

    @property
    def compliant(self) -> bool:
        return self.supervision_minutes >= self.required_minutes

    @property
    def short(self) -> bool:
        """Whether fewer hours are approved than the placement requires."""
        return self.approved < self.placement.required_hours


class Progressed(TypedDict):
    """What `with_progress` adds to each placement."""

    approved: Decimal
    supervised: int


def with_progress(
    placements: QuerySet[Placement],
) -> QuerySet[WithAnnotations[Placement, Progressed]]:
    """The placements annotated with their approved hours and supervision minutes (one
    subquery each, so neither multiplies the other)."""
    approved = (
        HoursEntry.objects.counted()
        .filter(placement=OuterRef("pk"))
        .values("placement")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    supervised = (
        SupervisionSession.objects.filter(placements=OuterRef("pk"))
        .values("placements")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return placements.annotate(
        approved=Coalesce(
            Subquery(approved), Value(Decimal(0)), output_field=DecimalField(max_digits=8)
        ),
        supervised=Coalesce(Subquery(supervised), Value(0), output_field=IntegerField()),
    )


def progress(placements: QuerySet[Placement], today: datetime.date | None = None) -> list[Progress]:
    """Each placement's progress and whether its supervision meets its programme's rule."""
    today = today or timezone.localdate()
    rows = []
    for placement in with_progress(placements).select_related("programme", "trainee", "base"):
        last = min(today, placement.ends_on)
        weeks = max((last - placement.starts_on).days + 1, 0) // 7
        rows.append(
            Progress(
                placement,
                placement.approved,
                placement.supervised,
                placement.programme.required_supervision_minutes(placement.approved, weeks),
            )
        )
    return rows


@dataclass
class BaseUse:
    base_name: str
    places: int
    taken: int

    @property
    def share(self) -> float:
        return min(100.0, self.taken * 100 / self.places) if self.places else 0.0


@dataclass
class TermReport:
    bases: list[BaseUse]
    placements: list[Progress]

    @property
    def places(self) -> int:
        return sum(use.places for use in self.bases)

    @property
    def taken(self) -> int:
        return sum(use.taken for use in self.bases)

    @property
    def required_hours(self) -> int:
        return sum(p.placement.required_hours for p in self.placements)

    @property
    def approved_hours(self) -> Decimal:
        return sum((p.approved for p in self.placements), Decimal(0))

    @property
    def hours_share(self) -> float:
        required = self.required_hours
        return min(100.0, float(self.approved_hours) * 100 / required) if required else 0.0

    @property
    def running(self) -> list[Progress]:
        return [p for p in self.placements if p.placement.status != Placement.Status.PROPOSED]

    @property
    def compliance_share(self) -> float:
        running = self.running
        return sum(p.compliant for p in running) * 100 / len(running) if running else 0.0


def term_report(
    institution: Institution, term: Term, today: datetime.date | None = None
) -> TermReport:
    """The institution's placements in the term: bases' places against placements taken,
    approved hours against required, and supervision compliance, in four queries."""
    capacities: dict[int, int] = {}
    names: dict[int, str] = {}
    for base_id, name, places in BaseCapacity.objects.filter(
        base__institution=institution, term=term
    ).values_list("base_id", "base__name", "places"):
        capacities[base_id] = capacities.get(base_id, 0) + places
        names[base_id] = name
    placements = progress(
        Placement.objects.filter(institution=institution, term=term)
        .taking_places()
        .order_by("base__name", "trainee__family_name"),
        today,
    )
    taken: dict[int, int] = {}
    for row in placements:
        taken[row.placement.base_id] = taken.get(row.placement.base_id, 0) + 1
        names.setdefault(row.placement.base_id, row.placement.base.name)
    bases = [
        BaseUse(names[pk], capacities.get(pk, 0), taken.get(pk, 0))
        for pk in sorted(names, key=lambda pk: names[pk])
    ]
    return TermReport(bases, placements)
