"""The course editor reads as people read it: block labels in capitals and translated, each
line of a list labelled, competencies grouped under their framework."""

import pytest
from django import forms
from django.utils import translation
from wagtail import blocks
from wagtail.admin.telepath import registry

from courses.blocks import AssessmentComponentBlock, ReferenceBlock, UnitBlock
from courses.models import CoursePage
from curriculum.models import Competency, CompetencyFramework
from curriculum.widgets import CompetenciesByFramework

pytestmark = pytest.mark.django_db


def _labels(block):
    for child in block.child_blocks.values():
        yield child.label
        if isinstance(child, blocks.ListBlock):
            yield child.child_block.label


def test_every_block_label_is_capitalised_translated_and_each_line_labelled():
    for block in (UnitBlock(), AssessmentComponentBlock(), ReferenceBlock()):
        assert all(label and label[0].isupper() for label in _labels(block)), block
    with translation.override("es"):
        assert str(UnitBlock().child_blocks["theory_hours"].label) == "Horas de teoría"
        assert str(UnitBlock().child_blocks["objectives"].child_block.label) == "Objetivo"


@pytest.mark.parametrize("field", ["units", "assessment"])
def test_a_course_stream_counts_its_minimum_on_save_not_as_it_opens(field):
    """The editor opens a new course without a count error, and publishing one refuses it."""
    block = CoursePage._meta.get_field(field).stream_block
    meta = registry.find_adapter(type(block)).js_args(block)[-1]
    assert meta["minNum"] is None
    assert all("min_num" not in limits for limits in meta["blockCounts"].values())
    with translation.override("en"), pytest.raises(blocks.StreamBlockValidationError) as refused:
        block.clean(block.to_python([]))
    assert "minimum number of items is 1" in str(refused.value.as_json_data())
    assert len(_as_a_draft(block, [])) == 0  # a draft may still be empty


def _as_a_draft(block, data):
    """The block's value cleaned as Wagtail cleans a draft's (required fields deferred)."""
    block.defer_required_validation()
    try:
        return block.clean(block.to_python(data))
    finally:
        block.restore_deferred_validation()


def test_a_draft_plan_may_lack_a_weight_and_a_finished_one_totals_100():
    block = CoursePage._meta.get_field("assessment").stream_block
    exam = {"type": "component", "value": {"name": "Examen", "method": "exam", "weight": None}}
    assert len(_as_a_draft(block, [exam])) == 1
    with pytest.raises(blocks.StreamBlockValidationError):
        block.clean(block.to_python([exam]))
    exam["value"]["weight"] = 90
    with translation.override("en"), pytest.raises(blocks.StreamBlockValidationError) as refused:
        _as_a_draft(block, [exam])
    assert "The weights add up to 90 %" in str(refused.value.as_json_data())


def test_competencies_are_grouped_under_their_framework_in_one_query(django_assert_num_queries):
    first = CompetencyFramework.objects.create(code="uno", title="Marco Uno")
    second = CompetencyFramework.objects.create(code="dos", title="Marco Dos")
    for framework in (first, second):
        Competency.objects.create(
            framework=framework, code="1.2", title=f"Escucha {framework.code}"
        )
    field = forms.ModelMultipleChoiceField(
        Competency.objects.order_by("pk"), widget=CompetenciesByFramework
    )
    with django_assert_num_queries(2):  # the competencies, then their frameworks
        groups = field.widget.optgroups("competencies", [])
    assert [(name, [option["label"] for option in options]) for name, options, _i in groups] == [
        ("Marco Dos", ["1.2 Escucha dos"]),
        ("Marco Uno", ["1.2 Escucha uno"]),
    ]
