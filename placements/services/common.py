"""What the placement services share: the error they raise and the words they use."""

import datetime

from django.utils import formats

from placements.models import HoursEntry, Placement

Status = Placement.Status
State = HoursEntry.State


class PlacementError(Exception):
    """Something the placement rules refuse; the message says what to do."""


def short_date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")
