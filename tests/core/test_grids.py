"""GridForm: the table's own rows and parts are read, nothing else, and only what changed."""

from dataclasses import dataclass

from django import forms

from core.grids import GridForm


@dataclass
class Row:
    pk: int
    mark: str


class MarksForm(GridForm[Row]):
    def row_fields(self, row):
        return {
            "mark": forms.ChoiceField(
                choices=[("", "—"), ("yes", "Yes"), ("no", "No")], required=False, initial=row.mark
            )
        }


ROWS = [Row(1, "yes"), Row(2, "")]


def test_inputs_are_named_by_the_form_and_laid_out_by_row():
    form = MarksForm(ROWS)
    assert list(form.fields) == ["mark-1", "mark-2"]
    assert [(row.pk, list(fields)) for row, fields in form.lines] == [(1, ["mark"]), (2, ["mark"])]
    assert 'name="mark-1"' in str(form.lines[0][1]["mark"])


def test_keys_naming_no_row_are_never_read_and_only_changes_count():
    form = MarksForm(ROWS, {"mark-1": "yes", "mark-2": "no", "mark-99": "no", "other": "x"})
    assert form.is_valid()
    assert form.changed_rows() == [ROWS[1]] and form.cell(ROWS[1], "mark") == "no"
    assert "mark-99" not in form.cleaned_data


def test_a_bad_value_and_a_service_refusal_land_on_their_cell():
    form = MarksForm(ROWS, {"mark-1": "maybe", "mark-2": ""})
    assert not form.is_valid() and "mark-1" in form.errors
    form = MarksForm(ROWS, {"mark-1": "yes", "mark-2": "no"})
    assert form.is_valid()
    form.add_cell_error(ROWS[1], "mark", "Not on a holiday.")
    assert form.errors == {"mark-2": ["Not on a holiday."]}
