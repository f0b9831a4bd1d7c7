"""A course's structured blocks refuse what a syllabus cannot hold, saying how to fix it."""

import pytest
from django.core.exceptions import ValidationError

from courses.blocks import AssessmentBlock, ReferenceBlock, UnitBlock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def unit(**hours):
    block = UnitBlock()
    value = block.to_python(
        {
            "title": "Entrevista inicial",
            "objectives": ["Conducir una primera entrevista"],
            "topics": ["Escucha activa"],
            "activities": [],
            "readings": [],
            "theory_hours": "0",
            "practice_hours": "0",
            "supervision_hours": "0",
            "materials": [],
        }
        | hours
    )
    return block, value


def test_a_unit_with_hours_is_valid():
    block, value = unit(theory_hours="4", practice_hours="6.5")
    cleaned = block.clean(value)
    assert cleaned["practice_hours"] == pytest.approx(6.5)


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ({}, "give its theory, practice or supervision hours"),
        ({"theory_hours": "-2"}, "greater than or equal to 0"),
        ({"practice_hours": "5000"}, "less than or equal to 200"),
    ],
)
def test_a_unit_refuses_missing_negative_or_absurd_hours(hours, message):
    block, value = unit(**hours)
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert message in str(error.value.as_json_data())


def assessment(*weights):
    block = AssessmentBlock()
    value = block.to_python(
        [
            {"type": "component", "value": {"name": f"Parte {i}", "method": "exam", "weight": w}}
            for i, w in enumerate(weights)
        ]
    )
    return block, value


def test_assessment_weights_totalling_100_are_accepted():
    block, value = assessment(40, 35, 25)
    assert [child.value["weight"] for child in block.clean(value)] == [40, 35, 25]


@pytest.mark.parametrize(("weights", "total"), [((40, 35), 75), ((60, 50), 110)])
def test_assessment_weights_must_total_100_and_the_error_gives_the_sum(weights, total):
    block, value = assessment(*weights)
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert f"add up to {total} %" in str(error.value.as_json_data())


def test_an_assessment_needs_a_component():
    block, value = assessment()
    with pytest.raises(ValidationError):
        block.clean(value)


def test_a_reference_keeps_its_structure_and_refuses_an_impossible_year():
    block = ReferenceBlock()
    reference = {
        "authors": "Payne, M.",
        "year": 2014,
        "title": "Modern Social Work Theory",
        "publisher": "Palgrave Macmillan",
        "identifier": "978-1-137-40047-8",
    }
    assert block.clean(block.to_python(reference))["year"] == 2014
    with pytest.raises(ValidationError):
        block.clean(block.to_python(reference | {"year": 3014}))
