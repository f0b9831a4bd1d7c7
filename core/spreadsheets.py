"""Spreadsheets in and out: exports that a spreadsheet program cannot run as formulas, and
uploads read the same way whether they are XLSX or CSV, in UTF-8 or the encoding the person
chose or Praxis recognised (Chinese, Japanese or Western European)."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, overload

from charset_normalizer import from_bytes
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import ExcelWriter

if TYPE_CHECKING:  # the listing views this mixin is put before
    from wagtail.admin.views.mixins import SpreadsheetExportMixin as _SpreadsheetExport
else:
    _SpreadsheetExport = object

# A cell starting with one of these is a formula (or the start of one) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@overload
def escape_formula(value: str) -> str: ...
@overload
def escape_formula[T](value: T) -> T: ...
def escape_formula(value: object) -> object:
    """The value as a spreadsheet shows it and never evaluates it: control characters dropped
    (so "\\0=…" cannot hide a formula, and XLSX can hold every cell), then a formula start
    quoted."""
    if not isinstance(value, str):
        return value
    text: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class ListingExportMixin(_SpreadsheetExport):
    """For Wagtail's listing exports: written in the editor's language, a field with choices
    as its label (not the stored code), and every text cell escaped."""

    def stream_csv(self, queryset: Any) -> Iterator[str]:
        """A CSV's rows are written as the response streams, after the view has returned and
        the editor's language with it: write them in that language still."""
        rows = super().stream_csv(queryset)
        language = translation.get_language()

        def in_language() -> Iterator[str]:
            with translation.override(language):
                yield from rows

        return in_language()

    def to_row_dict(self, item: Any) -> dict[str, Any]:
        row = super().to_row_dict(item)
        for name in row:
            try:
                field = item._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.choices:
                row[name] = getattr(item, f"get_{name}_display")()
        return row

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        return escape_formula(super().preprocess_field_value(field, value, export_format))


def spreadsheet_bytes(
    export_format: str,
    header: Iterable[str | Promise],
    rows: Iterable[Sequence[Cell]],
    *,
    written_at: datetime.datetime | None = None,
) -> bytes:
    """A CSV (with a BOM, so Excel reads UTF-8) or XLSX file of the rows, each cell escaped.

    With `written_at`, an XLSX file records that time instead of now, inside and in its zip
    entries, so that the same rows always give the same bytes.
    """
    rows = [[escape_formula(cell) for cell in row] for row in rows]
    header = [escape_formula(str(cell)) for cell in header]
    if export_format != "xlsx":
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + output.getvalue()).encode()
    workbook = Workbook(write_only=True)
    if written_at is not None:
        workbook.properties.created = workbook.properties.modified = written_at
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    archive = io.BytesIO()
    if written_at is None:
        workbook.save(archive)
        return archive.getvalue()
    # Workbook.save stamps the file as modified now; openpyxl's writer keeps `written_at`.
    ExcelWriter(workbook, zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED)).save()
    return _zip_dated(archive, written_at)


def _zip_dated(output: io.BytesIO, written_at: datetime.datetime) -> bytes:
    """The zip archive again, every entry dated `written_at`."""
    dated = io.BytesIO()
    with zipfile.ZipFile(output) as source, zipfile.ZipFile(dated, "w") as target:
        for entry in source.infolist():
            copy = zipfile.ZipInfo(entry.filename, written_at.timetuple()[:6])
            copy.compress_type = entry.compress_type
            copy.external_attr = entry.external_attr
            target.writestr(copy, source.read(entry.filename))
    return dated.getvalue()


def spreadsheet_download(data: bytes, filename: str) -> HttpResponse:
    """An attachment of spreadsheet bytes; the name's extension (.xlsx or .csv) gives the type."""
    content_type = XLSX_TYPE if filename.endswith(".xlsx") else "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


Cell = str | int | float | Decimal | datetime.date | None


@dataclass
class Sheet:
    """A sheet to export: its columns' names and its rows of cells."""

    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def spreadsheet_response(export_format: str, filename: str, sheet: Sheet) -> HttpResponse:
    """A CSV or XLSX download of the sheet, each cell escaped."""
    export_format = "xlsx" if export_format == "xlsx" else "csv"
    data = spreadsheet_bytes(export_format, sheet.header, sheet.rows)
    return spreadsheet_download(data, f"{filename}.{export_format}")


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table, with what to do about it."""


# The encodings a CSV file may come in, as its maker's spreadsheet program saves it.
ENCODINGS = {
    "utf-8-sig": gettext_lazy("UTF-8"),
    "gb18030": gettext_lazy("Simplified Chinese (GBK, GB18030)"),
    "big5": gettext_lazy("Traditional Chinese (Big5)"),
    "cp932": gettext_lazy("Japanese (Shift-JIS)"),
    "cp1252": gettext_lazy("Western European (Windows-1252)"),
}


class Table(list[list[str]]):
    """A spreadsheet's rows, header first, and the encoding its text was read in (None for
    XLSX, which says its own)."""

    def __init__(self, rows: Iterable[list[str]], encoding: str | None = None) -> None:
        super().__init__(rows)
        self.encoding = encoding

    @property
    def encoding_label(self) -> str | Promise:
        return ENCODINGS.get(self.encoding or "", "")


def read_table(upload: IO[bytes], encoding: str = "") -> Table:
    """The rows of an uploaded XLSX or CSV file as lists of stripped strings, header first.
    A CSV file is read in `encoding`, or in the one its bytes show (decode_text)."""
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is larger than 5 MB. Split it into smaller files."))
    cells: Sequence[Sequence[object]]
    if data[:2] == b"PK":
        cells = _xlsx_rows(data)
    else:
        text, encoding = decode_text(data, encoding)
        cells = _csv_rows(text)
    rows = [[_text(cell) for cell in row] for row in cells]
    rows = [row for row in rows if any(row)]
    for number, row in enumerate(rows, start=1):
        formulas = [cell for cell in row if cell.startswith(("=", "@"))]
        if formulas:
            raise SpreadsheetError(
                _(
                    "Row %(row)s has a formula (%(cell)s). Imports take values only: "
                    "remove the formula or type the value."
                )
                % {"row": number, "cell": formulas[0][:40]}
            )
    if not rows:
        raise SpreadsheetError(_("The file is empty. Put the column names on the first line."))
    return Table(rows, encoding if data[:2] != b"PK" else None)


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            _("This is not a readable XLSX file (%(error)s). Save it again as XLSX or CSV.")
            % {"error": error}
        ) from error
    rows = []
    for number, row in enumerate(workbook.active.iter_rows(), start=1):
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                raise SpreadsheetError(
                    _(
                        "Row %(row)s has a formula in cell %(cell)s. Imports take values only: "
                        "copy the sheet and paste it as values."
                    )
                    % {"row": number, "cell": cell.coordinate}
                )
        rows.append([cell.value for cell in row])
    return rows


def decode_text(data: bytes, encoding: str = "") -> tuple[str, str]:
    """The file's text and its encoding: the one chosen, or UTF-8, or else the one of the other
    encodings (ENCODINGS) whose reading of the bytes is least garbled (charset-normalizer's
    measure), East Asian ones first when two read as well: bytes saved in Shift-JIS are not
    read as Chinese, nor Spanish ones as Chinese. Bytes the encoding cannot read are refused,
    with what to do."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            raise SpreadsheetError(
                _(
                    "The file cannot be read as %(encoding)s. Choose the encoding it was saved "
                    "in, or save it again as UTF-8 CSV."
                )
                % {"encoding": ENCODINGS.get(encoding, encoding)}
            ) from None
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    readings = from_bytes(data, cp_isolation=[*ENCODINGS][1:], preemptive_behaviour=False)
    best = min(
        readings,
        key=lambda reading: (round(reading.chaos, 2), [*ENCODINGS].index(reading.encoding)),
        default=None,
    )
    if best is None:
        raise SpreadsheetError(
            _("The file's text is in no encoding Praxis reads. Save it as UTF-8 CSV, or as XLSX.")
        )
    return str(best), best.encoding


def _csv_rows(text: str) -> list[list[str]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return list(reader)
    except csv.Error as error:  # a cell longer than the CSV reader takes, say
        raise SpreadsheetError(
            _("Line %(line)s cannot be read (%(error)s). Shorten it, or save the file as XLSX.")
            % {"line": reader.line_num, "error": error}
        ) from None
