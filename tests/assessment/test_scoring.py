"""Scoring methods and the framework's own checks, on plain definitions."""

from decimal import Decimal

import pytest

from assessment import scoring
from tests.factories import indicator

pytestmark = pytest.mark.usefixtures("english")


def _fraction(definition, value):
    return scoring.fraction(definition, None if value is None else Decimal(value))


def test_linear_scoring_runs_from_the_floor_to_the_target_either_way():
    higher = indicator("X", "manual", 100, floor=50, target=90)
    assert [_fraction(higher, v) for v in ("40", "50", "70", "90", "99")] == [
        0, 0, Decimal("0.5"), 1, 1
    ]  # fmt: skip
    lower = indicator("Y", "manual", 100, direction="lower", floor=20, target=5)
    assert [_fraction(lower, v) for v in ("25", "20", "12.5", "5", "1")] == [
        0, 0, Decimal("0.5"), 1, 1
    ]  # fmt: skip


def test_threshold_and_bands_follow_the_direction():
    threshold = indicator("X", "manual", 100, method="threshold", target=1)
    assert (_fraction(threshold, "0"), _fraction(threshold, "1")) == (0, 1)
    bands = [{"bound": "60", "share": 50}, {"bound": "80", "share": 100}]
    higher = indicator("Y", "manual", 100, method="bands", bands=bands)
    assert [_fraction(higher, v) for v in ("59", "60", "79.9", "80")] == [0, 0.5, 0.5, 1]
    lower = indicator("Z", "manual", 100, method="bands", direction="lower", bands=bands)
    assert [_fraction(lower, v) for v in ("90", "80", "61", "60")] == [0, 1, 1, 1]


def _two_halves(**fields):
    """One dimension of 100 points: A1 and A2, 50 % each, scored from 0 to 100."""
    return {
        "name": "Marco",
        "dimensions": [
            {
                "code": "A",
                "name": "A",
                "points": "100",
                "indicators": [
                    indicator("A1", "manual", 50, floor=0, target=100),
                    indicator("A2", "manual", 50, floor=0, target=100),
                ],
            }
        ],
        "ratings": [{"label": "Bueno", "minimum": "75"}, {"label": "Bajo", "minimum": "0"}],
        **fields,
    }


def test_no_data_is_no_score_and_leaves_the_indicator_out_of_the_total():
    definition = _two_halves()
    assessment = scoring.assess(definition, {"A1": Decimal(80), "A2": None})
    first, second = assessment.indicators()
    assert (first.earned, first.available) == (Decimal("40.00"), Decimal("50.00"))
    assert second.earned is None and not second.has_data
    assert assessment.total == Decimal("80.00") and assessment.rating == "Bueno"
    assert scoring.assess(definition, {}).total is None


def test_below_the_minimum_coverage_there_is_no_total_in_any_language():
    """Half the points had data, under a minimum of 80 %: no total, no rating, the coverage
    stated; the same in a language the framework was translated into."""
    definition = _two_halves(min_coverage="80")
    words = {"name": "框架", "dimensions": {}, "indicators": {}, "ratings": ["良好", "差"]}
    for read in (definition, scoring.named(definition, words)):
        assessment = scoring.assess(read, {"A1": Decimal(80), "A2": None})
        assert (assessment.coverage, assessment.total, assessment.rating) == (50, None, "")
        assert assessment.too_little_data and assessment.earned == 40
    full = scoring.assess(definition, {"A1": Decimal(80), "A2": Decimal(80)})
    assert (full.coverage, full.total, full.rating) == (100, 80, "Bueno")


def test_a_definition_says_what_is_wrong_with_it():
    def dimension(code, points, *weights):
        return {
            "code": code,
            "name": f"Dimensión {code}",
            "points": str(points),
            "indicators": [indicator(f"{code}{n}", "manual", w) for n, w in enumerate(weights)],
        }

    assert scoring.definition_errors({"dimensions": [dimension("A", 40, 60, 40),
                                                     dimension("B", 60, 100)]}) == []  # fmt: skip
    errors = scoring.definition_errors(
        {"dimensions": [dimension("A", 40, 60, 30), dimension("B", 50, 100)]}
    )
    assert errors == [
        "The dimensions' points add up to 90; change them so that they total 100.",
        "The weights of the indicators in “Dimensión A” add up to 90 %; change them so that "
        "they total 100 %.",
    ]
    wrong_way = indicator("C1", "manual", 100, floor=90, target=50)
    assert scoring.indicator_errors(wrong_way) == [
        "C1: when higher is better the floor must be below the target, and above it when lower "
        "is better."
    ]


def test_a_value_outside_the_valid_range_is_refused_with_the_range():
    yes_no = indicator("A2", "manual", 40, minimum=0, maximum=1)
    assert scoring.value_error(yes_no, Decimal(1)) is None
    assert scoring.value_error(yes_no, Decimal(3)) == (
        "3 is out of range for A2: values go from 0 to 1."
    )
