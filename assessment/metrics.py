"""The metric registry: the figures indicators can take from the platform's own data, by code,
with their labels, units and explanations. What computes them is in assessment.figures; the
editor's choices and the reports need only the names.

Every metric is computed for a set of institutions over a period at once and returns
{institution id: Decimal or None}; None means "no data" (nothing happened to measure), never 0.

What "the period" means for each source:
- courses: offerings that finished (or were due to end) within it, and their enrolments;
- faculty: the terms of those offerings;
- placements: placements that end within it, except those only proposed;
- practice bases: the agreements in force on the period's last day.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# A metric's figure for each institution: a number, or None for "no data".
Values = dict[int, Decimal | None]
HUNDRED = Decimal(100)
PERCENT, SCORE, LIKERT, HOURS, NUMBER = "percent", "score", "likert", "hours", "number"
UNITS = {
    PERCENT: _("%"),
    SCORE: _("points of 100"),
    LIKERT: _("on a scale of 1 to 5"),
    HOURS: _("hours"),
    NUMBER: "",
}


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Metric:
    code: str
    label: StrOrPromise
    unit: str
    explanation: StrOrPromise

    def __str__(self) -> str:
        return str(self.label)


REGISTRY: dict[str, Metric] = {}


def define(code: str, label: StrOrPromise, unit: str, explanation: StrOrPromise) -> None:
    REGISTRY[code] = Metric(code, label, unit, explanation)


define(
    "completion_rate",
    _("Completion rate"),
    PERCENT,
    _("Trainees who completed, of those whose offering ended in the period with a result."),
)
define(
    "pass_rate",
    _("Pass rate"),
    PERCENT,
    _("Trainees whose final score reached the course's pass mark, of those with a final score."),
)
define(
    "survey_response_rate",
    _("Course evaluation response rate"),
    PERCENT,
    _("Trainees who answered the course evaluation, of those asked to."),
)
define(
    "mean_final_score",
    _("Mean final score"),
    SCORE,
    _("The average weighted final score of trainees in offerings that ended in the period."),
)
define(
    "satisfaction",
    _("Trainee satisfaction"),
    LIKERT,
    _("The mean answer to the course evaluations' rating questions, from 1 to 5."),
)
define(
    "ce_hours_delivered",
    _("Continuing-education hours delivered"),
    HOURS,
    _("Hours credited to trainees' continuing-education ledgers by courses completed."),
)
define(
    "practice_share",
    _("Practice share of curriculum hours"),
    PERCENT,
    _("Practice and supervision hours of the courses taught, of all their hours."),
)
define(
    "ethics_coverage",
    _("Ethics content coverage"),
    PERCENT,
    _("Courses taught with an outcome that builds a plan's required ethics competency."),
)
define(
    "placement_hours_completion",
    _("Placement hours completion"),
    PERCENT,
    _("Approved placement hours against the hours required, placement by placement."),
)
define(
    "supervision_compliance",
    _("Supervision rule compliance"),
    PERCENT,
    _("Placements whose supervision met their programme's rule."),
)
define(
    "trainees_per_supervisor",
    _("Trainees per academic supervisor"),
    NUMBER,
    _("Trainees on placement for each academic supervisor; fewer means closer supervision."),
)
define(
    "bases_with_agreement",
    _("Practice bases with a valid agreement"),
    PERCENT,
    _("Practice bases with a signed agreement in force on the period's last day."),
)
define(
    "full_time_share",
    _("Full-time share of faculty (full-time/part-time ratio)"),
    PERCENT,
    _("Full-time members, of the full-time and part-time members employed in the period."),
)
define(
    "certified_faculty_share",
    _("Faculty with a professional certificate"),
    PERCENT,
    _("Members employed in the period who hold a professional social-work level."),
)
define(
    "practitioner_teaching_share",
    _("Practitioner share of teaching hours"),
    PERCENT,
    _("Hours taught by front-line practitioners, of all hours taught in the period."),
)


def choices() -> list[tuple[str, StrOrPromise]]:
    return [(code, item.label) for code, item in REGISTRY.items()]


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    return Decimal(part) * HUNDRED / whole if whole else None
