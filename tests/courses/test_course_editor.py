"""The course editor reads as people read it: block labels in capitals and translated, each
line of a list labelled, competencies grouped under their framework."""

import pytest
from django import forms
from django.utils import translation
from wagtail import blocks

from courses.blocks import AssessmentComponentBlock, ReferenceBlock, UnitBlock
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
