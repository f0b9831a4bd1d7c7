"""Exports never hand a spreadsheet program a formula, and dated XLSX files are reproducible."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from core.spreadsheets import FORMULA_STARTS, escape_formula, spreadsheet_bytes


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_escaped_in_csv_and_xlsx(start):
    cell = f'{start}HYPERLINK("http://x")'
    assert escape_formula(cell) == "'" + cell
    rows = list(
        csv.reader(io.StringIO(spreadsheet_bytes("csv", ["a"], [[cell]]).decode("utf-8-sig")))
    )
    assert rows[1] == ["'" + cell]
    sheet = load_workbook(io.BytesIO(spreadsheet_bytes("xlsx", ["a"], [[cell]]))).active
    # (XML keeps a carriage return as a line feed; what matters is the leading quote.)
    assert sheet["A2"].value.startswith("'") and sheet["A2"].data_type == "s"


def test_numbers_and_plain_text_stay_as_they_are():
    assert [escape_formula(v) for v in (-3, 2.5, "Lucía", "")] == [-3, 2.5, "Lucía", ""]


def test_a_dated_xlsx_file_is_the_same_bytes_every_time():
    written_at = datetime(2026, 6, 30, 10, tzinfo=UTC)
    first = spreadsheet_bytes("xlsx", ["a"], [["b"]], written_at=written_at)
    assert spreadsheet_bytes("xlsx", ["a"], [["b"]], written_at=written_at) == first
    workbook = load_workbook(io.BytesIO(first))
    assert workbook.properties.created.date() == written_at.date()
