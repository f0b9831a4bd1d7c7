"""Allocating a programme's applicants to practice bases for a term.

Each applicant ranks up to five choices — a base, or any base of a field. Bases outside the
applicant's region, bases they declared a conflict of interest with, bases without an
agreement in force for the period and bases without places for the programme's level are
left out, each with its reason. What remains is a min-cost flow (OR-tools): as many
applicants placed as the places allow, then the smallest sum of the ranks they get, never
more than a base's places; between equally good allocations, earlier applications win. Every
applicant gets an explanation: the choice they got and why each better one was not possible,
or why none was.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ortools.graph.python import min_cost_flow

from core.models import Region, User
from placements.models import (
    AllocationRun,
    BaseAgreement,
    BaseCapacity,
    Placement,
    PlacementApplication,
    PracticeBase,
)
from placements.models.allocation import (
    AllocationResult,
    BaseId,
    Reason,
    Satisfaction,
)
from placements.services import PlacementError, save_placement

# Why a choice could not be given: reason codes stored with a run, rendered when shown.
FULL, CONFLICT, REGION, AGREEMENT, NO_PLACES = "full", "conflict", "region", "agreement", "none"
REASONS = {
    FULL: gettext_lazy("full"),
    CONFLICT: gettext_lazy("declared conflict of interest"),
    REGION: gettext_lazy("outside the region"),
    AGREEMENT: gettext_lazy("no agreement in force for the period"),
    NO_PLACES: gettext_lazy("no places for this level and term"),
}


# The free places of each base; the base each applicant got, in order, or None.
Places = dict[BaseId, int]
Given = list[BaseId | None]


@dataclass
class Applicant:
    key: int
    # Per rank (first choice first), the bases the choice names.
    choices: list[list[BaseId]]
    excluded: dict[BaseId, str] = field(default_factory=dict)  # base → reason code


def solve(applicants: list[Applicant], places: Places) -> Given:
    """The base each applicant gets (or None), applicants in order of application: the
    maximum flow of least cost from the applicants through their allowed choices to the
    bases, whose arcs to the sink carry their places.

    So as many are placed as the places allow. An arc costs its rank times a step larger than
    all the tie-breakers together, so the sum of ranks comes next; then, among allocations
    as good, earlier applications are placed and get the better choices."""
    if not applicants:
        return []
    count = len(applicants)
    worst = max(len(applicant.choices) for applicant in applicants)
    step = count * count * (worst + 1) + 1
    bases = sorted(places)
    base_node = {base: count + i for i, base in enumerate(bases)}
    source, sink = count + len(bases), count + len(bases) + 1
    tails: list[int] = []
    heads: list[int] = []
    costs: list[int] = []
    arcs: list[tuple[int, BaseId]] = []
    for node, applicant in enumerate(applicants):
        best: dict[BaseId, int] = {}
        for rank, choice in enumerate(applicant.choices):
            for base in choice:
                if base in base_node and base not in applicant.excluded:
                    best.setdefault(base, rank)
        for base, rank in best.items():
            tails.append(node)
            heads.append(base_node[base])
            costs.append(rank * step + rank * (count - node) + node)
            arcs.append((node, base))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(count, source), tails, list(base_node.values())]),
        np.concatenate([range(count), heads, np.full(len(bases), sink)]),
        np.concatenate([np.ones(count + len(arcs)), [places[b] for b in bases]]).astype(np.int64),
        np.concatenate([np.zeros(count), costs, np.zeros(len(bases))]).astype(np.int64),
    )
    flow.set_node_supply(source, count)
    flow.set_node_supply(sink, -count)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:  # pragma: no cover
        raise PlacementError(_("The allocation could not be computed."))
    given: Given = [None] * count
    used = flow.flows(np.arange(count, count + len(arcs)))
    for (node, base), units in zip(arcs, used, strict=True):
        if units:
            given[node] = base
    return given


def greedy(applicants: list[Applicant], places: Places) -> Given:
    """First come, first served: each applicant in turn takes their best choice with a place
    left. The yardstick the benchmark compares the flow with."""
    left = dict(places)
    given: Given = []
    for applicant in applicants:
        choice = next(
            (
                base
                for bases in applicant.choices
                for base in bases
                if left.get(base, 0) > 0 and base not in applicant.excluded
            ),
            None,
        )
        if choice is not None:
            left[choice] -= 1
        given.append(choice)
    return given


def rank_of(applicant: Applicant, base: BaseId) -> int | None:
    return next((rank for rank, bases in enumerate(applicant.choices) if base in bases), None)


def satisfaction(applicants: list[Applicant], given: Given) -> Satisfaction:
    """How well an allocation meets the preferences: placed, first choices, mean rank."""
    ranks = [
        rank
        for a, b in zip(applicants, given, strict=True)
        if b is not None and (rank := rank_of(a, b)) is not None
    ]
    return {
        "applicants": len(applicants),
        "placed": len(ranks),
        "first_choice": sum(1 for rank in ranks if rank == 0),
        "mean_rank": round(sum(ranks) / len(ranks) + 1, 3) if ranks else None,
    }


def explain(applicant: Applicant, base: BaseId | None) -> list[Reason]:
    """Why the applicant got this base (or none): [reason, base, rank] for each base of each
    choice up to the one they got, best choice first."""
    got = rank_of(applicant, base) if base is not None else None
    reasons: list[Reason] = []
    for rank, bases in enumerate(applicant.choices):
        if rank == got:
            reasons.append(["got", base, rank])
            break
        reasons.extend([applicant.excluded.get(other, FULL), other, rank] for other in bases)
    return reasons


# From the database to the solver and back --------------------------------------------------


def _area(
    region: int | None, scope: str, parents: Mapping[int, tuple[int | None, str]]
) -> int | None:
    """The region's city or province (its own id if it is one), from a parent map."""
    wanted = Region.Level.CITY if scope == AllocationRun.RegionScope.CITY else "province"
    while region is not None and parents[region][1] != wanted:
        region = parents[region][0]
    return region


def gather(run: AllocationRun) -> tuple[list[Applicant], Places, dict[str, Any]]:
    """The applicants and free places of the run's programme and term, in a fixed number of
    queries however many applicants and bases there are."""
    programme, term = run.programme, run.term
    parents = {
        pk: (parent, level)
        for pk, parent, level in Region.objects.values_list("pk", "parent_id", "level")
    }
    bases = {
        base.pk: base
        for base in PracticeBase.objects.filter(institution=run.institution).prefetch_related(
            "fields"
        )
    }
    capacity = dict(
        BaseCapacity.objects.filter(base__in=bases, term=term, level=programme.level).values_list(
            "base_id", "places"
        )
    )
    taken = dict(
        Placement.objects.taking_places()
        .filter(base__in=bases, term=term, programme__level=programme.level)
        .values_list("base_id")
        .annotate(n=Count("pk"))
    )
    agreed = set(
        BaseAgreement.objects.filter(base__in=bases)
        .covering(run.starts_on, run.ends_on)
        .values_list("base_id", flat=True)
    )
    by_field: dict[int, list[BaseId]] = {}
    for base in bases.values():
        for service_field in base.fields.all():
            by_field.setdefault(service_field.pk, []).append(base.pk)
    places = {pk: capacity.get(pk, 0) - taken.get(pk, 0) for pk in bases}
    applications = list(
        PlacementApplication.objects.filter(programme=programme, term=term)
        .exclude(
            trainee__in=Placement.objects.taking_places()
            .filter(programme=programme, term=term)
            .values("trainee")
        )
        .select_related("trainee")
        .prefetch_related("preferences", "conflicts")
        .order_by("submitted_at", "pk")
    )
    applicants: list[Applicant] = []
    for application in applications:
        choices = [
            [pref.base_id] if pref.base_id else by_field.get(pref.field_id, [])
            for pref in application.preferences.all()
        ]
        excluded: dict[BaseId, str] = {}
        area = _area(application.trainee.region_id, run.region_scope, parents)
        for pk in {pk for choice in choices for pk in choice}:
            if pk not in bases:
                continue
            if (
                run.region_scope != "anywhere"
                and area is not None
                and (_area(bases[pk].region_id, run.region_scope, parents) != area)
            ):
                excluded[pk] = REGION
            elif pk not in agreed:
                excluded[pk] = AGREEMENT
            elif places[pk] <= 0:
                excluded[pk] = NO_PLACES
        for conflict in application.conflicts.all():
            excluded[conflict.base_id] = CONFLICT
        applicants.append(Applicant(application.pk, choices, excluded))
    inputs = {
        "applications": [
            {"application": a.key, "choices": a.choices, "excluded": a.excluded} for a in applicants
        ],
        "places": {str(pk): left for pk, left in places.items() if left > 0},
    }
    return applicants, {pk: left for pk, left in places.items() if left > 0}, inputs


def run_allocation(run: AllocationRun) -> AllocationRun:
    """Compute and store the run's proposal."""
    applicants, places, inputs = gather(run)
    given = solve(applicants, places)
    run.inputs = inputs
    result: AllocationResult = {
        "rows": [
            {"application": a.key, "base": base, "why": explain(a, base)}
            for a, base in zip(applicants, given, strict=True)
        ],
        "satisfaction": satisfaction(applicants, given),
    }
    run.result = result
    run.save()
    return run


class AllocationProblems(PlacementError):
    """Why some of the coordinator's adjustments cannot be confirmed, by application."""

    def __init__(self, problems: dict[PlacementApplication, str]) -> None:
        self.problems = problems
        super().__init__(" ".join(f"{app.trainee}: {error}" for app, error in problems.items()))


def confirm_run(
    run: AllocationRun,
    chosen: dict[int, BaseId | None],
    user: User,
    *,
    now: datetime.datetime | None = None,
) -> list[Placement]:
    """Create a proposed placement for each application given a base (application pk → base
    pk, as the coordinator adjusted them), all or none; the run is then confirmed. The run's
    row is locked, so a double click confirms it once."""
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if run.status != AllocationRun.Status.PROPOSED:
            raise PlacementError(_("This allocation is already confirmed."))
        if not any(chosen.values()):
            raise PlacementError(
                _(
                    "No application has a base. Give at least one application a base, or run "
                    "the allocation again; a confirmed allocation cannot be changed."
                )
            )
        applications = (
            PlacementApplication.objects.filter(pk__in=[pk for pk, base in chosen.items() if base])
            .select_related("trainee")
            .prefetch_related("conflicts")
        )
        bases = PracticeBase.objects.filter(institution=run.institution).in_bulk(
            [base for base in chosen.values() if base]
        )
        placed = set(
            Placement.objects.taking_places()
            .filter(programme=run.programme, term=run.term)
            .values_list("trainee_id", flat=True)
        )
        problems: dict[PlacementApplication, str] = {}
        placements = []
        for application in applications:
            base = bases.get(chosen[application.pk])
            try:
                _check_choice(application, base, placed)
                placements.append(
                    save_placement(
                        Placement(
                            institution=run.institution,
                            programme=run.programme,
                            trainee=application.trainee,
                            base=base,
                            term=run.term,
                            starts_on=run.starts_on,
                            ends_on=run.ends_on,
                            required_hours=run.programme.required_hours,
                        )
                    )
                )
                placed.add(application.trainee_id)
            except PlacementError as error:
                problems[application] = str(error)
        if problems:
            raise AllocationProblems(problems)
        run.status = AllocationRun.Status.CONFIRMED
        run.confirmed_by, run.confirmed_at = user, now or timezone.now()
        confirmed: AllocationResult = {
            **run.typed_result,
            "confirmed": {str(k): v for k, v in chosen.items()},
        }
        run.result = confirmed
        run.save()
    return placements


def _check_choice(
    application: PlacementApplication, base: PracticeBase | None, placed: set[int]
) -> None:
    """A coordinator's adjustment still keeps to the institution's bases, the applicant's
    declared conflicts, and one placement per programme and term."""
    if base is None:
        raise PlacementError(_("The base is not one of your institution's."))
    if application.trainee_id in placed:
        raise PlacementError(_("already has a placement in this programme and term."))
    if any(conflict.base_id == base.pk for conflict in application.conflicts.all()):
        raise PlacementError(_("declared a conflict of interest with %(base)s.") % {"base": base})


@dataclass
class Proposal:
    """A row of a run as people read it: the application, the base it got (if any) and, per
    choice up to the one given, what happened to it, in words."""

    application: PlacementApplication
    base: int | None
    base_name: str | None
    reasons: list[str]
    # Which of the applicant's choices (1 = first) the base was, if it was one.
    choice: int | None = None

    @property
    def pk(self) -> int:
        return self.application.pk

    def shown_in(self, view: str) -> bool:
        """Whether a filtered view of the run lists this row (SHOWN's keys)."""
        if view == "unplaced":
            return self.base is None
        if view == "placed":
            return self.base is not None
        if view == "not-first":
            return self.choice != 1
        return True


# The views of a run's proposal people filter by.
SHOWN = {
    "all": gettext_lazy("Everyone"),
    "placed": gettext_lazy("Placed"),
    "unplaced": gettext_lazy("Not placed"),
    "not-first": gettext_lazy("Not their first choice"),
}


def describe(run: AllocationRun) -> list[Proposal]:
    rows = run.rows
    applications = (
        PlacementApplication.objects.filter(pk__in=[row["application"] for row in rows])
        .select_related("trainee")
        .in_bulk()
    )
    names = dict(PracticeBase.objects.filter(institution=run.institution).values_list("pk", "name"))
    return [
        Proposal(
            application,
            row["base"],
            names.get(row["base"]),
            _sentences(row["why"], names),
            next((rank + 1 for code, _base, rank in row["why"] if code == "got"), None),
        )
        for row in rows
        if (application := applications.get(row["application"])) is not None
    ]


def _sentences(why: list[Reason], names: dict[BaseId, str]) -> list[str]:
    """One sentence per choice and reason; a field's many bases are counted, not listed."""
    if not why:
        return [_("No choice could be considered.")]
    grouped: dict[tuple[int, str], list[str]] = {}
    for code, base, rank in why:
        grouped.setdefault((rank, code), []).append(names.get(base, "—"))
    sentences = []
    for (rank, code), bases in grouped.items():
        if code == "got":
            sentences.append(_("Choice %(rank)s: %(base)s.") % {"rank": rank + 1, "base": bases[0]})
            continue
        listed = ", ".join(bases)
        if len(bases) > 3:
            count = len(bases)
            listed = ngettext("%(count)s base", "%(count)s bases", count) % {"count": count}
        sentences.append(
            _("Choice %(rank)s, %(bases)s: %(reason)s.")
            % {"rank": rank + 1, "bases": listed, "reason": REASONS[code]}
        )
    return sentences
