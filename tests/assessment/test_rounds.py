"""Evaluation rounds: open, compute, enter manual values, finalise into snapshots, reopen."""

import json
from datetime import date
from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from assessment import rounds, scoring
from assessment.models import IndicatorValue, RoundSnapshot
from courses.models import Enrolment
from tests import factories
from tests.assessment.conftest import finalised

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_round_computes_its_figures_and_scores_them(setting):
    evaluation, _evaluator, busy, quiet = setting
    steps = []
    rounds.compute(evaluation, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 3), (2, 3), (3, 3)]
    values = rounds.values_of(evaluation)
    assert values[busy.pk] == {"A1": Decimal("75.00"), "B1": Decimal("75.00"), "B2": None}
    assert values[quiet.pk] == {"A1": None, "B1": None, "B2": None}
    scored = scoring.assess(evaluation.definition(), values[busy.pk])
    # A1: 75 on 50→90 earns 62.5 % of 24 points; B1: the 60 band earns half of 30 points.
    assert [s.earned for s in scored.indicators()] == [
        Decimal("15.00"),
        None,
        Decimal("15.00"),
        None,
    ]


def test_manual_values_are_checked_and_finalising_waits_for_all_of_them(setting):
    evaluation, evaluator, busy, quiet = setting
    with pytest.raises(rounds.RoundError, match="Compute the round's figures"):
        rounds.finalise(evaluation, by=evaluator)
    rounds.compute(evaluation)
    with pytest.raises(rounds.RoundError, match="3 is out of range for A2: values go from 0 to 1"):
        rounds.enter_value(evaluation, busy, "A2", "3", by=evaluator)
    with pytest.raises(rounds.RoundError, match="A1 is computed by the platform"):
        rounds.enter_value(evaluation, busy, "A1", "50", by=evaluator)
    with pytest.raises(rounds.RoundError, match="“sí” is not a number"):
        rounds.enter_value(evaluation, busy, "A2", "sí", by=evaluator)
    rounds.enter_value(evaluation, busy, "A2", "1", note="Licencia vigente", by=evaluator)
    with pytest.raises(rounds.RoundError) as refused:
        rounds.finalise(evaluation, by=evaluator)
    assert str(refused.value) == "Enter the missing values before finalising: A2 (Instituto Beta)."
    assert not RoundSnapshot.objects.exists()
    rounds.enter_value(evaluation, quiet, "A2", "0", by=evaluator)
    rounds.finalise(evaluation, by=evaluator)
    with pytest.raises(rounds.RoundError, match="is finalised; reopen it"):
        rounds.enter_value(evaluation, quiet, "A2", "1", by=evaluator)


def test_a_snapshot_keeps_the_framework_values_and_medians_whatever_changes_later(setting):
    evaluation, _evaluator, busy, _quiet = setting
    finalised(setting)
    snapshot = RoundSnapshot.objects.get(round=evaluation, institution=busy)
    kept = snapshot.data
    data = json.loads(kept)
    assert data["values"] == {"A1": "75.00", "A2": "1.00", "B1": "75.00", "B2": None}
    assert data["medians"]["A1"] == "75.00" and data["medians"]["A2"] == "1.00"
    # 15 + 16 + 15 earned of 70 points with data (B2 has none) → 65.71, "Suficiente".
    assert (snapshot.total, snapshot.rating) == (Decimal("65.71"), "Suficiente")
    # The data and the framework change afterwards...
    Enrolment.objects.filter(status="failed").update(status="completed", final_score=99)
    framework = evaluation.framework
    framework.name = "Marco revisado"
    framework.save_revision().publish()
    # ...and neither the snapshot nor the score worked out from it move.
    snapshot.refresh_from_db()
    assert snapshot.data == kept
    again = json.loads(snapshot.data)
    values = {code: None if v is None else Decimal(v) for code, v in again["values"].items()}
    assert scoring.assess(again["framework"], values).total == Decimal("65.71")


def test_reopening_makes_a_new_version_and_logs_who_and_why(setting):
    evaluation, evaluator, busy, _quiet = setting
    finalised(setting)
    with pytest.raises(rounds.RoundError, match="Say why"):
        rounds.reopen(evaluation, reason=" ", by=evaluator)
    evaluation = rounds.reopen(evaluation, reason="Dato de prácticas corregido", by=evaluator)
    assert (evaluation.version, evaluation.is_open) == (2, True)
    entry = ModelLogEntry.objects.filter(action="praxis.round_reopen").get()
    assert entry.user == evaluator and entry.data["reason"] == "Dato de prácticas corregido"
    Enrolment.objects.filter(status="failed").update(status="completed", final_score=99)
    rounds.compute(evaluation)
    rounds.finalise(evaluation, by=evaluator)
    versions = RoundSnapshot.objects.filter(institution=busy).order_by("version")
    assert [json.loads(s.data)["values"]["A1"] for s in versions] == ["75.00", "100.00"]
    assert list(RoundSnapshot.objects.current().filter(institution=busy)) == [versions[1]]


def test_a_round_covers_only_the_authoritys_region(setting):
    evaluation, evaluator, busy, _quiet = setting
    elsewhere = factories.institution(name="Instituto Lejano")
    with pytest.raises(rounds.RoundError, match="Instituto Lejano are outside"):
        rounds.open_round(
            authority=evaluation.authority,
            framework=evaluation.framework,
            name="Otra",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            institutions=[busy, elsewhere],
            by=evaluator,
        )
    with pytest.raises(rounds.RoundError, match="Instituto Lejano is not evaluated"):
        rounds.enter_value(evaluation, elsewhere, "A2", "1", by=evaluator)
    assert not IndicatorValue.objects.filter(institution=elsewhere).exists()
