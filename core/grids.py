"""A table of inputs as one Django form, built from the rows it shows.

Attendance, grades, a round's values, an allocation's bases, a week's returns and an
evaluation's levels are each a grid: one or more inputs per row. The form names every input
`<part>-<row key>` itself, so a posted key that names no row of the table is never read;
each value goes through its field's validation; and a template loops over `form.lines`
instead of writing matching names by hand. The services' domain errors come back on the
cell they concern through `add_cell_error`.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.boundfield import BoundField


class GridForm[Row](forms.Form):
    """Subclasses say which fields a row has (`row_fields`) and how a row is named
    (`row_key`, the primary key unless overridden)."""

    def __init__(self, rows: Iterable[Row], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.row_parts: dict[str, list[str]] = {}
        for row in self.rows:
            parts = self.row_fields(row)
            self.row_parts[self.row_key(row)] = list(parts)
            for part, field in parts.items():
                self.fields[self.cell_name(row, part)] = field

    def row_key(self, row: Row) -> str:
        return str(row.pk)  # type: ignore[attr-defined]

    def row_fields(self, row: Row) -> dict[str, forms.Field]:
        raise NotImplementedError

    def cell_name(self, row: Row, part: str) -> str:
        return f"{part}-{self.row_key(row)}"

    @property
    def lines(self) -> list[tuple[Row, dict[str, BoundField]]]:
        """Each row with its bound fields by part, in the order the row declared them."""
        return [
            (row, {part: self[self.cell_name(row, part)] for part in self.row_parts[key]})
            for row in self.rows
            for key in [self.row_key(row)]
        ]

    def cell(self, row: Row, part: str) -> Any:
        """A cleaned value; call after `is_valid()`."""
        return self.cleaned_data[self.cell_name(row, part)]

    def cell_changed(self, row: Row, part: str) -> bool:
        """Whether the person changed this input: a sheet saves only what changed, so a page
        opened before someone else saved does not write their cells back."""
        return self.cell_name(row, part) in self.changed_data

    def changed_rows(self) -> list[Row]:
        return [
            row
            for row in self.rows
            if any(self.cell_changed(row, part) for part in self.row_parts[self.row_key(row)])
        ]

    def add_cell_error(self, row: Row, part: str, error: Exception | str) -> None:
        self.add_error(self.cell_name(row, part), str(error))
