"""A region with two institutions under a supervising authority, and a round over them."""

from datetime import date
from decimal import Decimal

import pytest

from assessment import rounds
from tests import factories


@pytest.fixture
def setting(home):
    """A region with two institutions (one with a finished run) and its authority."""
    region = factories.region("Sichuan")
    authority, evaluator = factories.authority(region)
    busy = factories.institution(name="Instituto Alfa", region=region)
    quiet = factories.institution(name="Instituto Beta", region=region)
    course = factories.course(busy, pass_mark=Decimal(60))
    factories.finished_offering(
        course, [("completed", 90), ("completed", 80), ("failed", 40), ("completed", 65)]
    )
    framework = factories.indicator_framework(authority=authority)
    evaluation = rounds.open_round(
        authority=authority,
        framework=framework,
        name="Revisión 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        institutions=[busy, quiet],
        by=evaluator,
    )
    return evaluation, evaluator, busy, quiet


def finalised(setting):
    """The round, computed, completed and finalised."""
    evaluation, evaluator, busy, quiet = setting
    rounds.compute(evaluation)
    for institution in (busy, quiet):
        rounds.enter_value(evaluation, institution, "A2", "1", by=evaluator)
    return rounds.finalise(evaluation, by=evaluator)
