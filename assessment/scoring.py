"""Turning indicator values into points, on plain data.

A framework's definition is a plain dict (dimensions → indicators, rating bands) so that the same
functions score a live round and a frozen snapshot, and a finalised report comes out the same
whatever happens to the framework afterwards. Decimals travel as strings in that dict.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NotRequired, TypedDict, overload

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

LINEAR, THRESHOLD, BANDS = "linear", "threshold", "bands"
HIGHER, LOWER = "higher", "lower"
MANUAL = "manual"


class Band(TypedDict):
    bound: str
    share: str


class Indicator(TypedDict):
    code: str
    name: str
    description: str
    tag: str
    weight: str
    source: str  # a metric's code, or MANUAL
    direction: str
    method: str
    floor: str
    target: str
    bands: list[Band]
    minimum: str
    maximum: str


class Dimension(TypedDict):
    code: str
    name: str
    points: str
    indicators: list[Indicator]


class Rating(TypedDict):
    label: str
    minimum: str


class Definition(TypedDict):
    """A framework as plain data, Decimals as text ("" for a number left empty)."""

    name: str
    dimensions: list[Dimension]
    ratings: list[Rating]
    # The share of the framework's points that must have data for a total and a rating (%);
    # missing from snapshots taken before, which were rated whatever their coverage.
    min_coverage: NotRequired[str]


# An indicator's value for an institution, by the indicator's code; None for no data.
Values = Mapping[str, Decimal | None]


class Names(TypedDict):
    """A framework's words in one language: its name, its dimensions' and indicators' names by
    code, and its ratings' labels in order. What a snapshot keeps of each translation."""

    name: str
    dimensions: dict[str, str]
    indicators: dict[str, str]
    ratings: list[str]


def names(definition: Definition) -> Names:
    return {
        "name": definition["name"],
        "dimensions": {d["code"]: d["name"] for d in definition["dimensions"]},
        "indicators": {
            i["code"]: i["name"] for d in definition["dimensions"] for i in d["indicators"]
        },
        "ratings": [rating["label"] for rating in definition["ratings"]],
    }


def named(definition: Definition, words: Names | None) -> Definition:
    """The definition with its words in another language where `words` has them; codes,
    points and weights stay. Ratings are renamed only if the translation has as many."""
    if not words:
        return definition
    ratings = definition["ratings"]
    if len(words["ratings"]) == len(ratings):
        ratings = [
            {**rating, "label": label}
            for rating, label in zip(ratings, words["ratings"], strict=True)
        ]
    return {
        **definition,  # what has no words (the minimum coverage) stays as it is
        "name": words["name"] or definition["name"],
        "dimensions": [
            {
                **dimension,
                "name": words["dimensions"].get(dimension["code"], dimension["name"]),
                "indicators": [
                    {
                        **indicator,
                        "name": words["indicators"].get(indicator["code"], indicator["name"]),
                    }
                    for indicator in dimension["indicators"]
                ],
            }
            for dimension in definition["dimensions"]
        ],
        "ratings": ratings,
    }


def number(text: str | None) -> Decimal | None:
    """A Decimal from the definition's text, or None when the field was left empty."""
    return None if text in (None, "") else Decimal(str(text))


def amount(text: str) -> Decimal:
    """A Decimal the definition always gives: points, weights, targets, bands and ratings (and
    the floor of a linear score). The framework's blocks require each, so a saved definition
    never leaves one blank."""
    return Decimal(str(text))


def plain(value: Decimal) -> str:
    """A Decimal as people write it: 90, 12.5 (never 9E+1)."""
    return format(value.normalize(), "f")


@overload
def rounded(value: Decimal) -> Decimal: ...
@overload
def rounded(value: None) -> None: ...
def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def fraction(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    """The share (0 to 1) of its points an indicator earns with this value, or None (no data).

    - linear: nothing at the floor, everything at the target, in a straight line between;
    - threshold: everything once the target is reached, nothing before;
    - bands: the share of the best band the value reaches, each band starting at its bound.
    "Reaching" follows the direction: for "lower is better", below the target reaches it.
    """
    if value is None:
        return None
    higher = indicator["direction"] == HIGHER
    method = indicator["method"]
    if method == LINEAR:
        floor, target = amount(indicator["floor"]), amount(indicator["target"])
        share = (value - floor) / (target - floor)
        return min(max(share, Decimal(0)), Decimal(1))
    if method == THRESHOLD:
        target = amount(indicator["target"])
        reached = value >= target if higher else value <= target
        return Decimal(1 if reached else 0)
    shares = [
        amount(band["share"]) / HUNDRED
        for band in indicator["bands"]
        if (value >= amount(band["bound"]) if higher else value <= amount(band["bound"]))
    ]
    return max(shares, default=Decimal(0))


def definition_errors(definition: Definition) -> list[str]:
    """What is wrong with a framework's definition, as sentences a person can act on."""
    errors: list[str] = []
    dimensions = definition["dimensions"]
    points = sum((amount(d["points"]) for d in dimensions), Decimal(0))
    if dimensions and points != HUNDRED:
        errors.append(
            _("The dimensions' points add up to %(total)s; change them so that they total 100.")
            % {"total": plain(points)}
        )
    codes = [i["code"] for d in dimensions for i in d["indicators"]]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        errors.append(
            _("Each indicator needs its own code; %(codes)s appear more than once.")
            % {"codes": ", ".join(repeated)}
        )
    for dimension in dimensions:
        errors.extend(dimension_errors(dimension))
    return errors


def dimension_errors(dimension: Dimension) -> list[str]:
    errors: list[str] = []
    weights = sum((amount(i["weight"]) for i in dimension["indicators"]), Decimal(0))
    if dimension["indicators"] and weights != HUNDRED:
        errors.append(
            _(
                "The weights of the indicators in “%(dimension)s” add up to %(total)s %%; "
                "change them so that they total 100 %%."
            )
            % {"dimension": dimension["name"], "total": plain(weights)}
        )
    for indicator in dimension["indicators"]:
        errors.extend(indicator_errors(indicator))
    return errors


def indicator_errors(indicator: Indicator) -> list[str]:
    """The scoring method's own parameters must make sense for the direction."""
    name = indicator["code"]
    method = indicator["method"]
    target = number(indicator.get("target"))
    if target is None:
        return [_("%(code)s: give the target the indicator aims at.") % {"code": name}]
    if method == LINEAR:
        floor = number(indicator.get("floor"))
        if floor is None:
            return [_("%(code)s: a linear score needs a floor.") % {"code": name}]
        wrong_way = floor >= target if indicator["direction"] == HIGHER else floor <= target
        if wrong_way:
            return [
                _(
                    "%(code)s: when higher is better the floor must be below the target, and "
                    "above it when lower is better."
                )
                % {"code": name}
            ]
    if method == BANDS and not indicator.get("bands"):
        return [_("%(code)s: scoring by bands needs at least one band.") % {"code": name}]
    low, high = number(indicator.get("minimum")), number(indicator.get("maximum"))
    if low is not None and high is not None and low > high:
        return [_("%(code)s: the lowest valid value is above the highest.") % {"code": name}]
    return []


def value_error(indicator: Indicator, value: Decimal) -> str | None:
    """Why a value typed for an indicator cannot be taken, or None."""
    low, high = number(indicator.get("minimum")), number(indicator.get("maximum"))
    if (low is not None and value < low) or (high is not None and value > high):
        return _("%(value)s is out of range for %(code)s: values go from %(low)s to %(high)s.") % {
            "value": plain(value),
            "code": indicator["code"],
            "low": "−∞" if low is None else plain(low),
            "high": "∞" if high is None else plain(high),
        }
    return None


@dataclass
class IndicatorScore:
    definition: Indicator
    value: Decimal | None
    available: Decimal
    earned: Decimal | None

    @property
    def has_data(self) -> bool:
        return self.value is not None


@dataclass
class DimensionScore:
    definition: Dimension
    indicators: list[IndicatorScore]
    earned: Decimal = Decimal(0)
    assessed: Decimal = Decimal(0)

    @property
    def share(self) -> Decimal | None:
        """Points earned as a share (0 to 100) of the points that had data."""
        return self.earned * HUNDRED / self.assessed if self.assessed else None


@dataclass
class Assessment:
    dimensions: list[DimensionScore]
    ratings: list[Rating] = field(default_factory=list)
    min_coverage: Decimal = Decimal(0)

    @property
    def earned(self) -> Decimal:
        return sum((d.earned for d in self.dimensions), Decimal(0))

    @property
    def assessed(self) -> Decimal:
        """The points of the indicators that had data."""
        return sum((d.assessed for d in self.dimensions), Decimal(0))

    @property
    def coverage(self) -> Decimal | None:
        """The points with data as a share (%) of all the framework's points."""
        points = sum((amount(d.definition["points"]) for d in self.dimensions), Decimal(0))
        return rounded(self.assessed * HUNDRED / points) if points else None

    @property
    def rated(self) -> bool:
        """Whether enough of the framework had data for a total and a rating."""
        coverage = self.coverage
        return bool(self.assessed) and coverage is not None and coverage >= self.min_coverage

    @property
    def too_little_data(self) -> bool:
        """Some indicators had data, too few to rate: the points and coverage are shown."""
        return bool(self.assessed) and not self.rated

    @property
    def total(self) -> Decimal | None:
        """Out of 100, over the indicators that had data (one without data is left out, not
        counted as zero); None below the framework's minimum coverage, where a total scaled up
        from a part of the framework would overstate."""
        return rounded(self.earned * HUNDRED / self.assessed) if self.rated else None

    @property
    def rating(self) -> str:
        total = self.total
        if total is None:
            return ""
        reached = [r for r in self.ratings if total >= amount(r["minimum"])]
        return max(reached, key=lambda r: amount(r["minimum"]))["label"] if reached else ""

    def indicators(self) -> list[IndicatorScore]:
        return [score for dimension in self.dimensions for score in dimension.indicators]


def assess(definition: Definition, values: Values) -> Assessment:
    """Score every indicator of the definition from {code: Decimal or None}."""
    dimensions = []
    for dimension in definition["dimensions"]:
        points = amount(dimension["points"])
        scores = DimensionScore(dimension, [])
        for indicator in dimension["indicators"]:
            available = points * amount(indicator["weight"]) / HUNDRED
            value = values.get(indicator["code"])
            share = fraction(indicator, value)
            earned = None if share is None else rounded(available * share)
            scores.indicators.append(IndicatorScore(indicator, value, rounded(available), earned))
            if earned is not None:
                scores.earned += earned
                scores.assessed += rounded(available)
        dimensions.append(scores)
    return Assessment(
        dimensions, definition.get("ratings", []), amount(definition.get("min_coverage", "0"))
    )
