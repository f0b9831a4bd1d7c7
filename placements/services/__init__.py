"""Operations on placements, each in one transaction with a message a person can act on when
the rules refuse, in modules that mirror `placements.models`: proposing a placement (a valid
agreement and a free place at the base), moving it along its states and its learning agreement
(`placements.py`); hours and their approval, supervision and evaluations (`records.py`);
applications (`allocation.py`); agreements' renewals (`bases.py`). Callers use this package's
names."""

from placements.services.allocation import (
    apply,
)
from placements.services.bases import (
    alert_renewals,
)
from placements.services.common import (
    PlacementError,
    short_date,
)
from placements.services.placements import (
    SIGNATURES,
    check_placement,
    clear_signatures,
    complete,
    confirm,
    places_left,
    save_placement,
    sign_agreement,
    start,
    terminate,
)
from placements.services.records import (
    MAX_HOURS_A_DAY,
    approved_hours,
    check_entry,
    competencies_of,
    competency_record,
    decide_hours,
    duration,
    evaluation_for,
    log_hours,
    record_supervision,
    self_evaluate,
    sign_off,
    submit_evaluation,
    submit_hours,
    week_entries,
    week_of,
)

__all__ = [
    "MAX_HOURS_A_DAY",
    "SIGNATURES",
    "PlacementError",
    "alert_renewals",
    "apply",
    "approved_hours",
    "check_entry",
    "check_placement",
    "clear_signatures",
    "competencies_of",
    "competency_record",
    "complete",
    "confirm",
    "decide_hours",
    "duration",
    "evaluation_for",
    "log_hours",
    "places_left",
    "record_supervision",
    "save_placement",
    "self_evaluate",
    "short_date",
    "sign_agreement",
    "sign_off",
    "start",
    "submit_evaluation",
    "submit_hours",
    "terminate",
    "week_entries",
    "week_of",
]
