"""Quality reports, read from a finalised snapshot only: the PDF, the CSV/XLSX rows, and the
side-by-side view of a round's institutions.

Nothing here reads live data, so a report is the same, byte for byte, however often and
however late it is made.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessment import metrics, scoring
from assessment.blocks import TAGS
from assessment.models import EvaluationRound, RoundSnapshot
from assessment.scoring import Dimension, Indicator
from core.models import Institution, RenderedPdf
from core.pdf import OnStage, Pdf, pdf_filename, render_pdf, stored_pdf
from core.spreadsheets import spreadsheet_bytes

if TYPE_CHECKING:  # `comparison` imports rounds when it runs
    from assessment.rounds import InstitutionData, RoundData, Snapshot

CHART_SIZE = 240
# The height of the hatched stub a trend chart draws for a round without a total.
MISSING_BAR = 12.0

Point = tuple[float, float]


class TrendPoint(NamedTuple):
    """A round in the institution's history: its name, total, the year its period ended, and
    what stands in for a missing total ("not rated" where some of the framework had data)."""

    round: str
    total: Decimal | None
    year: str
    missing: str


class Evidence(NamedTuple):
    code: str  # the indicator's
    title: str


class DimensionBar(NamedTuple):
    code: str
    name: str
    share: Decimal | None  # from 0 to 100, None where nothing was assessed


class TrendRow(NamedTuple):
    round: str
    total: Decimal | None
    length: float  # the bar's, from 0 to 100
    missing: str


class Radar(TypedDict):
    """The radar chart's geometry, in the units of its square of `size`."""

    size: int
    centre: float
    rings: list[str]  # polygons' points
    # (end, label's place, dimension's code, whether it had no data)
    spokes: list[tuple[Point, Point, str, bool]]
    shape: str  # through the spokes with data only: a dimension without is a gap, not a zero


class TrendBar(TypedDict):
    x: float
    y: float
    height: float
    middle: float
    label_y: float
    total: str  # as the report's text prints it
    missing: bool  # drawn hatched, labelled with what stands in for the total
    year: str


class TrendChart(TypedDict):
    drawn: bool  # whether any round has a total: else the trend table says it all
    width: int
    height: int
    base: int
    caption_y: int
    bar_width: int
    bars: list[TrendBar]


class ComparisonRow(TypedDict):
    indicator: Indicator
    cells: list[tuple[str, Decimal | None]]  # each institution's value shown, points earned
    median: str


class Comparison(TypedDict):
    """The side-by-side view's context."""

    institutions: list[Institution]
    rows: list[ComparisonRow]
    totals: list[scoring.Assessment]  # each institution's total, rating and coverage
    frozen: bool


def figure(value: Decimal) -> str:
    """A total or points as every part of a report prints them, chart and text alike: up to
    two decimals, in the reader's number format."""
    return floatformat(value, "-2")


def missing_total(too_little_data: bool) -> str:
    """What a report prints where a round has no total."""
    return _("not rated") if too_little_data else _("no data")


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def shown(value: Decimal | None, unit: str = "") -> str:
    """A value for people: "no data" rather than a blank or a zero."""
    if value is None:
        return _("no data")
    text = scoring.plain(value.quantize(Decimal("0.01")))
    return f"{text} %" if unit == metrics.PERCENT else text


def source_label(indicator: Indicator) -> str:
    metric = metrics.REGISTRY.get(indicator["source"])
    return str(metric.label) if metric else _("Entered by the evaluator")


def unit_of(indicator: Indicator) -> str:
    metric = metrics.REGISTRY.get(indicator["source"])
    return metric.unit if metric else ""


@dataclass
class Line:
    """One indicator of the report."""

    dimension: Dimension
    definition: Indicator
    score: scoring.IndicatorScore
    median: Decimal | None
    previous: Decimal | None
    evidence: list[str]
    note: str

    @property
    def unit(self) -> str:
        return unit_of(self.definition)

    @property
    def source_label(self) -> str:
        return source_label(self.definition)

    @property
    def tag_label(self) -> str:
        return str(dict(TAGS).get(self.definition["tag"], ""))

    @property
    def trend(self) -> str:
        """ "better", "worse" or "same" against the last round, as the direction reads it."""
        value = self.score.value
        if value is None or self.previous is None:
            return ""
        if value == self.previous:
            return "same"
        rose = value > self.previous
        return "better" if rose == (self.definition["direction"] == scoring.HIGHER) else "worse"

    @property
    def trend_label(self) -> str:
        return {"better": _("better"), "worse": _("worse"), "same": _("unchanged")}.get(
            self.trend, ""
        )

    def cells(self) -> list[str]:
        """The line as spreadsheet cells."""
        earned = self.score.earned
        return [
            self.dimension["name"],
            self.definition["code"],
            self.definition["name"],
            self.tag_label,
            self.source_label,
            shown(self.score.value, self.unit),
            shown(number(self.definition["target"]), self.unit),
            _("no data") if earned is None else scoring.plain(earned),
            scoring.plain(self.score.available),
            shown(self.median, self.unit),
            shown(self.previous, self.unit) if self.previous is not None else "",
            self.trend_label,
            "; ".join(self.evidence),
        ]


def in_report_language[V](by_language: Mapping[str, V]) -> V | None:
    """What a snapshot keeps for the language the report is read in, if it kept any."""
    return by_language.get(get_language() or "")


class QualityReport:
    """What a snapshot holds, scored and laid out for reading."""

    def __init__(self, snapshot: RoundSnapshot) -> None:
        self.snapshot = snapshot
        self.data: Snapshot = json.loads(snapshot.data)
        values = {code: number(value) for code, value in self.data["values"].items()}
        # The framework's words in the report's language, where it had been translated.
        words = in_report_language(self.data.get("framework_names", {}))
        self.framework = scoring.named(self.data["framework"], words)
        self.assessment = scoring.assess(self.framework, values)
        history = self.data["history"]
        previous = {
            code: number(v) for code, v in (history[-1]["values"] if history else {}).items()
        }
        self.lines = [
            Line(
                dimension.definition,
                score.definition,
                score,
                number(self.data["medians"].get(score.definition["code"])),
                previous.get(score.definition["code"]),
                self.data["evidence"].get(score.definition["code"], []),
                self.data.get("notes", {}).get(score.definition["code"], ""),
            )
            for dimension in self.assessment.dimensions
            for score in dimension.indicators
        ]

    @property
    def round(self) -> RoundData:
        return self.data["round"]

    @property
    def institution(self) -> InstitutionData:
        return self.data["institution"]

    @property
    def institution_name(self) -> str:
        """The institution's name in the report's language, as it was when the round closed."""
        return in_report_language(self.institution.get("names", {})) or self.institution["name"]

    @property
    def round_name(self) -> str:
        """The round's name in the report's language, as it was when the round closed."""
        return in_report_language(self.round.get("names", {})) or self.round["name"]

    @property
    def authority_name(self) -> str:
        """The authority's name in the report's language, as it was when the round closed."""
        return in_report_language(self.round.get("authority_names", {})) or self.round["authority"]

    @property
    def finalised_at(self) -> datetime:
        return datetime.fromisoformat(self.round["finalised_at"])

    @property
    def trend(self) -> list[TrendPoint]:
        """The earlier rounds and this one, oldest first."""
        earlier = [
            TrendPoint(
                in_report_language(r.get("round_names", {})) or r["round"],
                number(r["total"]),
                r["ends_on"][:4],
                missing_total(bool(number(r.get("coverage")))),
            )
            for r in self.data["history"]
        ]
        now = TrendPoint(
            self.round_name,
            self.assessment.total,
            self.round["ends_on"][:4],
            missing_total(self.assessment.too_little_data),
        )
        return [*earlier, now]

    @property
    def evidence(self) -> list[Evidence]:
        return [
            Evidence(line.definition["code"], title)
            for line in self.lines
            for title in line.evidence
        ]

    def filename(self, extension: str) -> str:
        base = pdf_filename(
            _("quality report"),
            self.institution.get("slug") or self.institution["name"],
            self.round["name"],
            f"v{self.round['version']}",
            get_language(),
        )
        return base.removesuffix(".pdf") + (f".{extension}" if extension != "pdf" else ".pdf")

    def header(self) -> list[str]:
        return [
            _("Dimension"),
            _("Code"),
            _("Indicator"),
            _("Tag"),
            _("Source"),
            _("Value"),
            _("Target"),
            _("Points earned"),
            _("Points available"),
            _("Regional median"),
            _("Previous round"),
            _("Trend"),
            _("Evidence"),
        ]

    def rows(self) -> list[list[str]]:
        assessment = self.assessment
        total, coverage = assessment.total, assessment.coverage
        result = (
            assessment.rating if total is not None else missing_total(assessment.too_little_data)
        )
        return [
            *(line.cells() for line in self.lines),
            [
                _("Total"),
                "",
                result,
                "",
                "",
                "" if total is None else scoring.plain(total),
                "",
                scoring.plain(assessment.earned),
                scoring.plain(assessment.assessed),
            ],
            [
                _("Coverage"),
                "",
                _("Share of the framework's points with data (%)"),
                "",
                "",
                "" if coverage is None else scoring.plain(coverage),
                scoring.plain(assessment.min_coverage),
            ],
        ]

    # Charts --------------------------------------------------------------------------------
    def dimension_bars(self) -> list[DimensionBar]:
        """One per dimension, for the bar chart."""
        return [
            DimensionBar(d.definition["code"], d.definition["name"], d.share)
            for d in self.assessment.dimensions
        ]

    def radar(self) -> Radar | None:
        """The radar chart's geometry: rings, spokes with labels, and the institution's shape;
        None under three dimensions, where a radar shows nothing a bar does not."""
        bars = self.dimension_bars()
        if len(bars) < 3:
            return None
        centre, radius = CHART_SIZE / 2, CHART_SIZE / 2 - 30

        def point(index: int, share: Decimal | int) -> Point:
            angle = -math.pi / 2 + 2 * math.pi * index / len(bars)
            reach = radius * float(share) / 100
            return round(centre + reach * math.cos(angle), 1), round(
                centre + reach * math.sin(angle), 1
            )

        def polygon(shares: Sequence[Decimal | int | None]) -> str:
            """Through each spoke with a share, at its share."""
            return " ".join(
                f"{x},{y}" for x, y in (point(i, s) for i, s in enumerate(shares) if s is not None)
            )

        return {
            "size": CHART_SIZE,
            "centre": centre,
            "rings": [polygon([level] * len(bars)) for level in (25, 50, 75, 100)],
            "spokes": [
                (point(i, 100), point(i, 112), bar.code, bar.share is None)
                for i, bar in enumerate(bars)
            ],
            "shape": polygon([bar.share for bar in bars]),
        }

    def trend_bars(self) -> list[TrendRow]:
        """One per round, for the trend table."""
        return [TrendRow(p.round, p.total, float(p.total or 0), p.missing) for p in self.trend]

    def trend_chart(self) -> TrendChart:
        """The trend chart's geometry: one bar per round, 100 points tall at most."""
        bar_width, gap, top, base = 40, 20, 14, 114
        bars: list[TrendBar] = []
        for index, (_name, total, year, missing) in enumerate(self.trend):
            x = gap / 2 + index * (bar_width + gap)
            # A missing total is a hatched stub, never a bar of zero.
            length = MISSING_BAR if total is None else float(total)
            bars.append(
                {
                    "x": x,
                    "y": base - length,
                    "height": length,
                    "middle": x + bar_width / 2,
                    "label_y": base - length - 3,
                    "total": missing if total is None else figure(total),
                    "missing": total is None,
                    "year": year,
                }
            )
        return {
            "drawn": any(not bar["missing"] for bar in bars),
            "width": len(bars) * (bar_width + gap),
            "height": base + top,
            "base": base,
            "caption_y": base + 10,
            "bar_width": bar_width,
            "bars": bars,
        }


def report_pdf(snapshot: RoundSnapshot, language: str) -> RenderedPdf:
    """The stored PDF of the snapshot in this language, rendered once."""
    with translation.override(language):  # its words and its file's name in that language
        report = QualityReport(snapshot)
        filename = report.filename("pdf")

    def render(on_stage: OnStage | None) -> Pdf:
        return render_pdf(
            "assessment/quality_report_pdf.html",
            {"report": report},
            language=language,
            on_stage=on_stage,
        )

    return stored_pdf(
        f"quality-report/{snapshot.pk}/{language}",
        f"quality-report/{snapshot.pk}/{language}",
        render,
        filename=filename,
    )


def report_spreadsheet(snapshot: RoundSnapshot, export_format: str) -> tuple[bytes, str]:
    """The report's table as CSV or XLSX bytes, dated when the round was finalised."""
    report = QualityReport(snapshot)
    data = spreadsheet_bytes(
        export_format, report.header(), report.rows(), written_at=report.finalised_at
    )
    return data, report.filename(export_format)


def comparison(evaluation: EvaluationRound) -> Comparison:
    """The round's institutions side by side: live values while it is open, the snapshots of
    its latest version once finalised."""
    from assessment import rounds

    if evaluation.is_open:
        definition = evaluation.definition()
        values = rounds.values_of(evaluation)
        columns = [(i, values.get(i.pk, {})) for i in evaluation.institutions.order_by("name")]
    else:
        snapshots = (
            evaluation.snapshots.filter(version=evaluation.version)
            .select_related("institution")
            .order_by("institution__name")
        )
        loaded = [(s.institution, json.loads(s.data)) for s in snapshots]
        definition = loaded[0][1]["framework"] if loaded else evaluation.definition()
        columns = [
            (institution, {code: number(v) for code, v in data["values"].items()})
            for institution, data in loaded
        ]
    assessments = [scoring.assess(definition, values) for _i, values in columns]
    middle = rounds.medians(definition, {i.pk: values for i, values in columns})
    rows: list[ComparisonRow] = []
    for index, indicator in enumerate(rounds.indicators(definition)):
        unit = unit_of(indicator)
        scores = [assessment.indicators()[index] for assessment in assessments]
        rows.append(
            {
                "indicator": indicator,
                "cells": [(shown(score.value, unit), score.earned) for score in scores],
                "median": shown(middle[indicator["code"]], unit),
            }
        )
    return {
        "institutions": [institution for institution, _v in columns],
        "rows": rows,
        "totals": assessments,
        "frozen": not evaluation.is_open,
    }
