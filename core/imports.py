"""What every spreadsheet import shares: the columns named on the first line (in any of the
site's languages), one Row per line with its values and errors, and a Preview that says what
importing would do before anything is saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Field, Model
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.models.users import PraxisUserManager

MAX_ROWS = 2000
# The longest text a cell may hold where its column names no shorter limit: longer is a
# mistake (a pasted document, a broken file), shown on its row.
MAX_CELL = 2000


class ImportFailed(Exception):
    """A file that cannot be imported; nothing was saved."""

    def __init__(self, message: str = "", preview: Preview | None = None) -> None:
        super().__init__(message)
        self.preview = preview


@dataclass
class Row:
    number: int
    values: dict[str, str]
    labels: Mapping[str, str | Promise] = field(default_factory=dict, repr=False)
    action: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str | Promise:
        return self.labels.get(self.action, "")


@dataclass
class Preview:
    rows: list[Row]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def column(model: type[Model], name: str) -> Field[Any, Any]:
    """A model's column, whose limits (its longest text, its digits) an imported cell keeps."""
    found = model._meta.get_field(name)
    assert isinstance(found, Field)  # a column, not a relation's other side
    return found


def rows_of(
    table: Sequence[Sequence[str]],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    labels: Mapping[str, str | Promise] | None = None,
    max_lengths: Mapping[str, int | None] | None = None,
) -> list[Row]:
    """The table's lines (header first) as Rows keyed by column name, with empty required
    values, over-long values (beyond the column's limit, or MAX_CELL) and malformed e-mail
    addresses already marked as errors."""
    columns = (*required, *optional)
    aliases = aliases or {}
    names = [aliases.get(cell.strip().lower(), cell.strip().lower()) for cell in table[0]]
    missing = [name for name in required if name not in names]
    unknown = [cell for cell, name in zip(table[0], names, strict=True) if name not in columns]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(_("not known: %(columns)s") % {"columns": ", ".join(unknown)})
        raise ImportFailed(
            _("The first line must name the columns (%(parts)s). Use: %(expected)s.")
            % {"parts": "; ".join(parts), "expected": ", ".join(columns)}
        )
    if len(set(names)) != len(names):
        raise ImportFailed(_("A column appears twice on the first line; keep one of each."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportFailed(
            _("The file has %(count)s rows; import at most %(max)s at a time.")
            % {"count": len(table) - 1, "max": MAX_ROWS}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = dict.fromkeys(columns, "")
        values.update(zip(names, cells, strict=False))
        row = Row(number, values, labels or {})
        for name in required:
            if not values[name]:
                row.errors.append(_("The %(column)s is empty.") % {"column": name})
        if values.get("email"):
            values["email"] = PraxisUserManager.normalize_email(values["email"])
            try:
                validate_email(values["email"])
            except ValidationError:
                row.errors.append(
                    _("“%(email)s” is not an e-mail address.") % {"email": values["email"][:60]}
                )
        for name in columns:
            limit = (max_lengths or {}).get(name) or MAX_CELL
            if len(values[name]) > limit:
                row.errors.append(
                    _("The %(column)s is longer than %(limit)s characters.")
                    % {"column": name, "limit": limit}
                )
        rows.append(row)
    return rows


def import_all(checked: Preview, apply_row: Callable[[Row], object]) -> Preview:
    """Apply each row that changes something, all in one transaction; a file whose preview
    (made again now: things may have changed since it was shown) has errors changes nothing."""
    if not checked.ok:
        raise ImportFailed(_("The file no longer imports cleanly."), preview=checked)
    with transaction.atomic():
        for row in checked.rows:
            if row.action != "unchanged":
                apply_row(row)
    return checked
