"""The blocks a framework is written in: dimensions of indicators, and rating bands.

Each block checks what it can see (a dimension, that its indicators' weights total 100); the
framework checks the whole (`scoring.definition_errors`) before it is saved.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise
from wagtail import blocks
from wagtail.blocks import StructValue

from assessment import metrics, scoring

TAGS = [
    ("kirkpatrick-1", _("Kirkpatrick 1 · reaction")),
    ("kirkpatrick-2", _("Kirkpatrick 2 · learning")),
    ("kirkpatrick-3", _("Kirkpatrick 3 · behaviour")),
    ("kirkpatrick-4", _("Kirkpatrick 4 · results")),
    ("iso-needs", _("ISO 29993 · needs analysis")),
    ("iso-design", _("ISO 29993 · design")),
    ("iso-delivery", _("ISO 29993 · delivery")),
    ("iso-assessment", _("ISO 29993 · assessment of learning")),
    ("iso-evaluation", _("ISO 29993 · evaluation of the service")),
    ("iso-management", _("ISO 29993 · management and resources")),
]


def source_choices() -> list[tuple[str, StrOrPromise]]:
    return [(scoring.MANUAL, _("Entered by the evaluator, with evidence")), *metrics.choices()]


def decimal_block(
    label: StrOrPromise, help_text: StrOrPromise = "", required: bool = True
) -> blocks.DecimalBlock:
    return blocks.DecimalBlock(
        label=label, required=required, max_digits=10, decimal_places=2, help_text=help_text
    )


class CodeBlock(blocks.CharBlock):
    """A code that scores, values and reports find an indicator or dimension by, in every
    language: wagtail-localize offers it to no translator."""

    def get_translatable_segments(self, value: str) -> list[object]:
        return []

    def restore_translated_segments(self, value: str, segments: list[object]) -> str:
        return value


class BandBlock(blocks.StructBlock):
    bound = decimal_block(_("From"), _("The value at which the band starts."))
    share = blocks.IntegerBlock(label=_("Share of the points (%)"), min_value=0, max_value=100)

    class Meta:
        label = _("Band")


class IndicatorBlock(blocks.StructBlock):
    code = CodeBlock(label=_("Code"), max_length=20, help_text=_("e.g. B2.1"))
    name = blocks.CharBlock(label=pgettext_lazy("what a thing is called", "Name"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)
    tag = blocks.ChoiceBlock(label=_("Tag"), choices=TAGS, required=False)
    weight = decimal_block(_("Weight (%)"), _("Share of the dimension's points; they total 100."))
    source = blocks.ChoiceBlock(
        label=_("Source"),
        choices=source_choices,
        help_text=_("A figure the platform computes, or a value the evaluator enters."),
    )
    direction = blocks.ChoiceBlock(
        label=_("Direction"),
        choices=[(scoring.HIGHER, _("Higher is better")), (scoring.LOWER, _("Lower is better"))],
        default=scoring.HIGHER,
    )
    method = blocks.ChoiceBlock(
        label=_("Scoring"),
        choices=[
            (scoring.LINEAR, _("Linear between a floor and the target")),
            (scoring.THRESHOLD, _("All or nothing at the target")),
            (scoring.BANDS, _("Bands")),
        ],
        default=scoring.LINEAR,
    )
    floor = decimal_block(_("Floor"), _("Linear scoring: the value that earns nothing."), False)
    target = decimal_block(_("Target"), _("The value that earns all the points."))
    bands = blocks.ListBlock(BandBlock(), label=_("Bands"), required=False, default=[])
    minimum = decimal_block(_("Lowest valid value"), required=False)
    maximum = decimal_block(_("Highest valid value"), required=False)

    class Meta:
        icon = "tick"
        label = _("Indicator")

    def clean(self, value: StructValue) -> StructValue:
        value = super().clean(value)
        errors = scoring.indicator_errors(plain_indicator(value))
        if errors:
            raise blocks.StructBlockValidationError(
                block_errors={"target": ErrorList([ValidationError(errors[0])])}
            )
        return value


class IndicatorsBlock(blocks.ListBlock):
    """A dimension's indicators, opening on one blank indicator: a dimension needs one, and a
    new dimension would otherwise show the count error before anything is typed."""

    def get_default(self) -> blocks.list_block.ListValue:
        return self.normalize([self.child_block.get_default()])


class DimensionBlock(blocks.StructBlock):
    code = CodeBlock(label=_("Code"), max_length=10, help_text=_("e.g. A"))
    name = blocks.CharBlock(label=pgettext_lazy("what a thing is called", "Name"), max_length=200)
    points = decimal_block(_("Points"), _("The dimensions' points total 100."))
    indicators = IndicatorsBlock(IndicatorBlock(), label=_("Indicators"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Dimension")

    def clean(self, value: StructValue) -> StructValue:
        value = super().clean(value)
        errors = scoring.dimension_errors(plain_dimension(value))
        if errors:
            raise blocks.StructBlockValidationError(
                block_errors={"indicators": ErrorList([ValidationError(errors[0])])}
            )
        return value


class RatingBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Rating"), max_length=60, help_text=_("e.g. Excellent"))
    minimum = decimal_block(_("From (points)"), _("The total from which this rating is given."))

    class Meta:
        icon = "pick"
        label = _("Rating band")


def text(value: Decimal | int | None) -> str:
    return "" if value is None else str(value)


def plain_indicator(value: StructValue) -> scoring.Indicator:
    return {
        "code": value["code"],
        "name": value["name"],
        "description": value["description"] or "",
        "tag": value["tag"] or "",
        "weight": text(value["weight"]),
        "source": value["source"],
        "direction": value["direction"],
        "method": value["method"],
        "floor": text(value["floor"]),
        "target": text(value["target"]),
        "bands": [
            {"bound": text(band["bound"]), "share": text(band["share"])} for band in value["bands"]
        ],
        "minimum": text(value["minimum"]),
        "maximum": text(value["maximum"]),
    }


def plain_dimension(value: StructValue) -> scoring.Dimension:
    return {
        "code": value["code"],
        "name": value["name"],
        "points": text(value["points"]),
        "indicators": [plain_indicator(indicator) for indicator in value["indicators"]],
    }
