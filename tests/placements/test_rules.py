"""The placement rules, each refusing with the figures a person needs: an agreement in force
and a free place at the base, two different mentors from the faculty, the learning agreement
signed before the start, and completion only with the hours approved and the final evaluation
signed off."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import translation

from placements import services
from placements.models import BaseAgreement, HoursEntry, Placement
from placements.services import PlacementError
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def setup(two_institutions):
    a = two_institutions[0]
    return {
        "institution": a,
        "programme": factories.programme(a),
        "base": factories.practice_base(a, places=1),
    }


def _proposal(setup, **fields):
    values = {
        "institution": setup["institution"],
        "programme": setup["programme"],
        "base": setup["base"],
        "trainee": factories.trainee(),
        "term": factories.term(setup["institution"]),
        "starts_on": date.today(),
        "ends_on": date.today() + timedelta(days=60),
        "required_hours": 70,
    }
    return Placement(**{**values, **fields})


def test_a_base_takes_no_more_placements_than_its_places(setup):
    services.save_placement(_proposal(setup))
    with pytest.raises(PlacementError, match="no place left for Bachelor trainees"):
        services.save_placement(_proposal(setup))
    assert Placement.objects.count() == 1
    Placement.objects.update(status=Placement.Status.TERMINATED)  # its place is free again
    services.save_placement(_proposal(setup))


def test_a_base_without_an_agreement_for_the_whole_period_takes_no_placement(setup):
    agreement = BaseAgreement.objects.get()
    agreement.ends_on = date.today() + timedelta(days=30)
    agreement.save()
    with pytest.raises(PlacementError, match="no signed agreement in force"):
        services.save_placement(_proposal(setup))
    agreement.status = BaseAgreement.Status.DRAFT
    agreement.ends_on = date.today() + timedelta(days=365)
    agreement.save()
    with pytest.raises(PlacementError, match="Record the agreement"):
        services.save_placement(_proposal(setup))
    assert not Placement.objects.exists()


def test_another_institutions_base_or_mentor_is_refused(setup, two_institutions):
    b = two_institutions[1]
    theirs = factories.practice_base(b)
    with pytest.raises(PlacementError, match="not one of your institution's bases"):
        services.save_placement(_proposal(setup, base=theirs))
    outsider = factories.faculty_member(b)
    with pytest.raises(PlacementError, match="not in your institution's faculty"):
        services.save_placement(_proposal(setup, academic_supervisor=outsider))


def test_confirming_needs_two_mentors_and_starting_needs_every_signature(setup):
    institution = setup["institution"]
    placement = services.save_placement(_proposal(setup))
    with pytest.raises(PlacementError, match="Name both"):
        services.confirm(placement)
    same = factories.faculty_member(institution)
    placement.academic_supervisor = placement.agency_supervisor = same
    with pytest.raises(PlacementError, match="two different people"):
        services.confirm(placement)
    placement.agency_supervisor = factories.faculty_member(institution, "practitioner")
    services.confirm(placement)
    with pytest.raises(PlacementError, match="objectives"):
        services.start(placement)
    placement.objectives.create(text="Entrevistas")
    services.sign_agreement(placement, "trainee")
    with pytest.raises(PlacementError, match="academic supervisor, the agency supervisor"):
        services.start(placement)
    services.sign_agreement(placement, "academic")
    services.sign_agreement(placement, "agency")
    assert services.start(placement).status == Placement.Status.IN_PROGRESS


def test_completion_needs_approved_hours_and_the_signed_off_final_evaluation(setup):
    placement = factories.placement(setup["programme"], setup["base"])
    placement.required_hours = 4
    placement.save()
    entry = services.log_hours(
        HoursEntry(
            placement=placement,
            date=date.today() - timedelta(days=1),
            starts_at=_t(9),
            ends_at=_t(13),
            activities="Visitas",
        )
    )
    services.submit_hours(placement)
    with pytest.raises(PlacementError, match="1 hours entry still waits"):
        services.complete(placement)
    services.decide_hours(placement, services.week_of(entry.date), by="Agencia")
    with pytest.raises(PlacementError, match="final evaluation"):
        services.complete(placement)
    levels = {
        c.pk: placement.programme.rubric_levels.last().pk
        for c in services.competencies_of(placement)
    }
    evaluation = services.submit_evaluation(placement, "final", levels, "Bien", by="Agencia")
    services.sign_off(evaluation, placement.academic_supervisor.user)
    services.complete(placement)
    entry.refresh_from_db()
    assert placement.status == "completed" and entry.state == HoursEntry.State.LOCKED


def test_a_terminated_placement_says_why_and_no_longer_changes(setup):
    placement = factories.placement(setup["programme"], setup["base"])
    with pytest.raises(PlacementError, match="Say why"):
        services.terminate(placement, "  ")
    services.terminate(placement, "Cambio de residencia")
    with pytest.raises(PlacementError, match="can no longer change"):
        services.save_placement(placement)


def test_only_the_academic_supervisor_signs_off_and_then_the_record_shows_the_rating(setup):
    placement = factories.placement(setup["programme"], setup["base"])
    competencies = services.competencies_of(placement)
    levels = dict.fromkeys((c.pk for c in competencies[1:]), 0)
    with pytest.raises(PlacementError, match="Rate every competency"):
        services.submit_evaluation(placement, "midterm", levels, "", by="Agencia")
    top = placement.programme.rubric_levels.get(score=3)
    evaluation = services.submit_evaluation(
        placement, "midterm", {c.pk: top.pk for c in competencies}, "", by="Agencia"
    )
    assert services.competency_record(placement.trainee) == []
    with pytest.raises(PlacementError, match="Only the placement's academic supervisor"):
        services.sign_off(evaluation, placement.trainee.user)
    services.sign_off(evaluation, placement.academic_supervisor.user)
    record = services.competency_record(placement.trainee)
    assert [r.level.name for r in record] == ["Competente"] * len(competencies)
    with pytest.raises(PlacementError, match="signed off"):
        services.submit_evaluation(
            placement, "midterm", {c.pk: top.pk for c in competencies}, "", by="Agencia"
        )


def _t(hour, minute=0):
    from datetime import time

    return time(hour, minute)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_parallel_proposals_take_exactly_the_bases_three_places():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks and one writer; CI runs this on PostgreSQL")
    institution = factories.institution()
    setup = {
        "institution": institution,
        "programme": factories.programme(institution),
        "base": factories.practice_base(institution, places=3),
    }
    proposals = [_proposal(setup) for _ in range(20)]
    barrier = threading.Barrier(len(proposals))
    refused = []

    def propose(placement):
        try:
            barrier.wait()
            services.save_placement(placement)
        except PlacementError:
            refused.append(placement)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Placement.objects.filter(base=setup["base"]).count() == 3 and len(refused) == 17


def test_a_rubric_level_reads_in_the_supervisor_language_else_as_written(setup):
    programme = setup["programme"]
    level = programme.rubric_levels.get(score=4)
    level.name_zh_hans, level.descriptor_zh_hans = "优秀", "能在复杂情境中运用。"
    level.save()
    with translation.override("zh-hans"):
        assert (str(level), level.descriptor_read) == ("4 · 优秀", "能在复杂情境中运用。")
    with translation.override("en"):
        assert (str(level), level.descriptor_read) == ("4 · Ejemplar", level.descriptor)
