"""The structured parts of a course page: units, assessment components and references.

They are blocks rather than rich text because the syllabus is computed from them: hours are
summed from the units, and assessment weights must add up to 100.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import MinimumOnSaveStreamBlock

MAX_UNIT_HOURS = Decimal(200)
HOUR_KINDS = ("theory_hours", "practice_hours", "supervision_hours")


def hours_block(label: StrOrPromise, help_text: StrOrPromise) -> blocks.DecimalBlock:
    return blocks.DecimalBlock(
        label=label,
        min_value=0,
        max_value=MAX_UNIT_HOURS,
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=help_text,
    )


class LineBlock(blocks.CharBlock):
    """A line of a list, named for screen readers: Wagtail shows no label on a list's items."""

    def __init__(self, item_label: StrOrPromise, **kwargs: object) -> None:
        super().__init__(label=item_label, **kwargs)
        self.field.widget.attrs["aria-label"] = item_label


def lines_block(
    label: StrOrPromise, item_label: StrOrPromise, help_text: StrOrPromise
) -> blocks.ListBlock:
    # Empty by default: a new unit shows no blank line that would have to be filled or deleted.
    # Each line is labelled: a screen reader names the input it is in.
    return blocks.ListBlock(
        LineBlock(item_label, max_length=300),
        label=label,
        help_text=help_text,
        collapsed=False,
        default=[],
    )


class UnitBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    objectives = lines_block(
        _("Objectives"),
        _("Objective"),
        _("What trainees will be able to do. Add each objective with +."),
    )
    topics = lines_block(_("Topics"), _("Topic"), _("Add each topic with +."))
    activities = lines_block(
        _("Activities"),
        _("Activity"),
        _("Lectures, role plays, field visits, supervision… Add each with +."),
    )
    readings = lines_block(
        _("Readings"),
        _("Reading"),
        _("Short references to the course's readings. Add each with +."),
    )
    theory_hours = hours_block(_("Theory hours"), _("Classroom or online teaching."))
    practice_hours = hours_block(
        _("Practice hours"), _("Practice teaching: exercises, field work and placement.")
    )
    supervision_hours = hours_block(
        _("Supervision hours"), _("Individual or group supervision of practice.")
    )
    materials = blocks.ListBlock(
        SnippetChooserBlock("curriculum.TeachingMaterial", label=_("Teaching material")),
        label=_("Teaching materials"),
        default=[],
    )

    class Meta:
        icon = "list-ul"
        label = _("Unit")
        preview_value = {
            "title": _("Interviewing and initial assessment"),
            "objectives": [_("Conduct a first interview with open questions")],
            "topics": [_("Active listening"), _("Ecomaps")],
            "activities": [_("Role play in pairs")],
            "readings": [],
            "theory_hours": Decimal(4),
            "practice_hours": Decimal(6),
            "supervision_hours": Decimal(2),
            "materials": [],
        }

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if not any(value[kind] for kind in HOUR_KINDS):
            raise StructBlockValidationError(
                block_errors={
                    "theory_hours": ValidationError(
                        _("A unit takes some time: give its theory, practice or supervision hours.")
                    )
                }
            )
        return value


ASSESSMENT_METHODS = [
    ("exam", _("Written exam")),
    ("essay", _("Essay or report")),
    ("case-analysis", _("Case analysis")),
    ("practice-evaluation", _("Practice evaluation by the supervisor")),
    ("presentation", _("Presentation")),
    ("portfolio", _("Reflective portfolio")),
    ("participation", _("Participation")),
]


class UnitsBlock(MinimumOnSaveStreamBlock):
    """The unit-by-unit plan: at least one unit once the course is submitted or published."""

    unit = UnitBlock()

    class Meta:
        block_counts = {"unit": {"min_num": 1}}


class AssessmentComponentValue(blocks.StructValue):
    def method_label(self) -> StrOrPromise:
        return dict(ASSESSMENT_METHODS).get(self["method"], self["method"])


class AssessmentComponentBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=pgettext_lazy("what a thing is called", "Name"), max_length=120)
    method = blocks.ChoiceBlock(label=_("Method"), choices=ASSESSMENT_METHODS)
    weight = blocks.IntegerBlock(
        label=_("Weight (%)"), min_value=1, max_value=100, help_text=_("All weights total 100.")
    )

    class Meta:
        icon = "tasks"
        label = _("Assessment component")
        value_class = AssessmentComponentValue


class AssessmentBlock(MinimumOnSaveStreamBlock):
    """The assessment plan: its components' weights must add up to exactly 100 %."""

    component = AssessmentComponentBlock()

    class Meta:
        block_counts = {"component": {"min_num": 1}}

    def clean(self, value: blocks.StreamValue) -> blocks.StreamValue:
        value = super().clean(value)
        weights = [child.value["weight"] for child in value]
        if not weights or None in weights:  # a draft's plan, still being written
            return value
        total = sum(weights)
        if total != 100:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [
                        ValidationError(
                            _(
                                "The weights add up to %(total)s %%; change them so that they "
                                "total 100 %%."
                            )
                            % {"total": total}
                        )
                    ]
                )
            )
        return value


class ReferenceBlock(blocks.StructBlock):
    authors = blocks.CharBlock(
        label=_("Authors"), max_length=300, help_text=_("Family name, initials; separated by ;")
    )
    year = blocks.IntegerBlock(label=_("Year"), min_value=1800, max_value=2100)
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    publisher = blocks.CharBlock(label=_("Publisher or journal"), max_length=200, required=False)
    identifier = blocks.CharBlock(
        label=_("ISBN, DOI or URL"),
        max_length=300,
        required=False,
        help_text=_("e.g. 978-7-5201-1234-5, 10.1093/bjsw/bcab123 or https://…"),
    )

    class Meta:
        icon = "doc-full"
        label = _("Reference")
