"""Allocation: never beyond a base's places, as many placed as possible and then the best
choices (where first come, first served places fewer), each result explained; conflicts of
interest, regions and agreements respected; confirming creates the placements, all or none."""

from datetime import date, timedelta

import pytest

from core.models import Region
from placements import allocation
from placements.allocation import Applicant
from placements.models import (
    AllocationRun,
    BaseAgreement,
    ConflictOfInterest,
    Placement,
    PlacementApplication,
    PlacementPreference,
)
from placements.services import PlacementError
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_flow_places_everyone_greedy_would_not_and_explains_why():
    first_come = Applicant(1, [[10], [20]])
    only_x = Applicant(2, [[10]])
    places = {10: 1, 20: 1}
    assert allocation.greedy([first_come, only_x], places) == [10, None]
    given = allocation.solve([first_come, only_x], places)
    assert given == [20, 10]
    assert allocation.explain(first_come, 20) == [["full", 10, 0], ["got", 20, 1]]
    assert allocation.satisfaction([first_come, only_x], given) == {
        "applicants": 2,
        "placed": 2,
        "first_choice": 1,
        "mean_rank": 1.5,
    }


def test_no_base_gets_more_than_its_places_and_excluded_bases_are_never_given():
    applicants = [Applicant(n, [[1, 2, 3]], excluded={3: "conflict"}) for n in range(10)]
    given = allocation.solve(applicants, {1: 2, 2: 3, 3: 5})
    assert given.count(1) == 2 and given.count(2) == 3 and 3 not in given
    assert given.count(None) == 5
    assert allocation.explain(applicants[given.index(None)], None) == [
        ["full", 1, 0],
        ["full", 2, 0],
        ["conflict", 3, 0],
    ]


@pytest.fixture
def run(two_institutions):
    a = two_institutions[0]
    province = Region.objects.create(name="Sichuan", level="province")
    chengdu = Region.objects.create(name="Chengdu", level="city", parent=province)
    other = Region.objects.create(name="Yunnan", level="province")
    programme = factories.programme(a)
    bases = {
        "near": factories.practice_base(a, places=1, name="Cerca", region=chengdu),
        "far": factories.practice_base(a, places=5, name="Lejos", region=other),
        "conflicted": factories.practice_base(a, places=5, name="Conflicto", region=chengdu),
        "unsigned": factories.practice_base(a, places=5, name="Sin convenio", region=chengdu),
    }
    BaseAgreement.objects.filter(base=bases["unsigned"]).update(status="draft")
    applications = []
    for number in range(3):
        trainee = factories.trainee(region=chengdu, family_name=f"T{number}")
        application = PlacementApplication.objects.create(
            programme=programme, term=factories.term(a), trainee=trainee
        )
        for rank, key in enumerate(["near", "far", "conflicted", "unsigned"], 1):
            PlacementPreference.objects.create(application=application, rank=rank, base=bases[key])
        ConflictOfInterest.objects.create(
            application=application, base=bases["conflicted"], reason="Mi tía trabaja allí"
        )
        applications.append(application)
    made = AllocationRun.objects.create(
        institution=a,
        programme=programme,
        term=factories.term(a),
        starts_on=date.today(),
        ends_on=date.today() + timedelta(days=60),
        region_scope=AllocationRun.RegionScope.PROVINCE,
        created_by=two_institutions[2],
    )
    return made, bases, applications


def test_a_run_respects_regions_conflicts_and_agreements_and_records_its_inputs(run):
    made, bases, applications = run
    allocation.run_allocation(made)
    rows = {row["application"]: row for row in made.result["rows"]}
    assert [rows[a.pk]["base"] for a in applications] == [bases["near"].pk, None, None]
    assert made.result["satisfaction"]["placed"] == 1
    assert len(made.inputs["applications"]) == 3
    described = {row.pk: row for row in allocation.describe(made)}
    assert described[applications[0].pk].reasons == ["Choice 1: Cerca."]
    assert described[applications[2].pk].reasons == [
        "Choice 1, Cerca: full.",
        "Choice 2, Lejos: outside the region.",
        "Choice 3, Conflicto: declared conflict of interest.",
        "Choice 4, Sin convenio: no agreement in force for the period.",
    ]


def test_confirming_creates_the_adjusted_placements_or_none(run, two_institutions):
    made, bases, applications = run
    allocation.run_allocation(made)
    user = two_institutions[2]
    crowded = {applications[0].pk: bases["near"].pk, applications[1].pk: bases["near"].pk}
    with pytest.raises(PlacementError, match="no place left"):
        allocation.confirm_run(made, crowded, user)
    assert not Placement.objects.exists() and made.status == "proposed"
    adjusted = {
        applications[0].pk: bases["near"].pk,
        applications[1].pk: bases["far"].pk,
        applications[2].pk: None,
    }
    with pytest.raises(PlacementError, match="No application has a base"):
        allocation.confirm_run(made, dict.fromkeys(adjusted), user)
    assert AllocationRun.objects.get(pk=made.pk).status == "proposed"
    placements = allocation.confirm_run(made, adjusted, user)
    assert sorted(p.base.name for p in placements) == ["Cerca", "Lejos"]
    assert {p.status for p in placements} == {"proposed"}
    made.refresh_from_db()
    assert made.status == "confirmed" and made.confirmed_by == user
    with pytest.raises(PlacementError, match="already confirmed"):
        allocation.confirm_run(made, adjusted, user)
    allocation.run_allocation(
        AllocationRun.objects.create(
            institution=made.institution,
            programme=made.programme,
            term=made.term,
            starts_on=made.starts_on,
            ends_on=made.ends_on,
        )
    )
    rerun = AllocationRun.objects.latest("pk")
    assert [row["application"] for row in rerun.result["rows"]] == [applications[2].pk]


def test_the_flow_places_everyone_a_chain_of_moves_can_and_favours_earlier_applications():
    chain = [
        Applicant(1, [[10], [], [], [], [20]]),
        Applicant(2, [[20], [], [], [], [30]]),
        Applicant(3, [[10]]),
    ]
    assert allocation.solve(chain, {10: 1, 20: 1, 30: 1}) == [20, 30, 10]
    same = [Applicant(1, [[10], [20]]), Applicant(2, [[10], [20]])]
    assert allocation.solve(same, {10: 1, 20: 1}) == [10, 20]


def test_confirming_refuses_a_second_placement_or_a_declared_conflict(run, two_institutions):
    made, bases, applications = run
    allocation.run_allocation(made)
    user = two_institutions[2]
    conflicted = {applications[0].pk: bases["conflicted"].pk}
    with pytest.raises(PlacementError, match="declared a conflict of interest"):
        allocation.confirm_run(made, conflicted, user)
    twin = AllocationRun.objects.create(
        institution=made.institution,
        programme=made.programme,
        term=made.term,
        starts_on=made.starts_on,
        ends_on=made.ends_on,
    )
    allocation.run_allocation(twin)
    allocation.confirm_run(made, {applications[0].pk: bases["near"].pk}, user)
    with pytest.raises(PlacementError, match="already has a placement"):
        allocation.confirm_run(twin, {applications[0].pk: bases["far"].pk}, user)
    assert Placement.objects.filter(trainee=applications[0].trainee).count() == 1
