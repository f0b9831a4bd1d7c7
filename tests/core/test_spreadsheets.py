"""Exports never hand a spreadsheet program a formula, and dated XLSX files are reproducible."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import resolve, reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.urls import reports

from core.models import Role
from core.spreadsheets import (
    FORMULA_STARTS,
    ListingExportMixin,
    escape_formula,
    spreadsheet_bytes,
    spreadsheet_download,
)
from tests import factories


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


# What a spreadsheet program reads as a formula, or hides before one.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def read_back(export_format, cell):
    """The cell as a spreadsheet program reads it from the exported file."""
    data = spreadsheet_bytes(export_format, ["a"], [[cell]])
    if export_format == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1][0]
    return load_workbook(io.BytesIO(data)).active["A2"].value


@given(
    start=st.sampled_from(DANGEROUS_STARTS) | st.text(max_size=3),
    rest=st.text(max_size=40),
    export_format=st.sampled_from(["csv", "xlsx"]),
)
def test_no_exported_cell_starts_a_formula(start, rest, export_format):
    """Whatever text a user typed, the exported cell never starts with a formula character,
    and only the leading quote and control characters are taken from it."""
    typed = start + rest
    cell = read_back(export_format, typed) or ""
    assert not cell.startswith(DANGEROUS_STARTS)
    kept = ILLEGAL_CHARACTERS_RE.sub("", typed)
    expected = "'" + kept if kept.startswith(FORMULA_STARTS) else kept
    if export_format == "xlsx":  # XML reads every line end as a line feed
        expected = expected.replace("\r\n", "\n").replace("\r", "\n")
    assert cell == expected


def test_numbers_and_plain_text_stay_as_they_are():
    assert [escape_formula(v) for v in (-3, 2.5, "Lucía", "")] == [-3, 2.5, "Lucía", ""]


def test_a_dated_xlsx_file_is_the_same_bytes_every_time():
    written_at = datetime(2026, 6, 30, 10, tzinfo=UTC)
    first = spreadsheet_bytes("xlsx", ["a"], [["b"]], written_at=written_at)
    assert spreadsheet_bytes("xlsx", ["a"], [["b"]], written_at=written_at) == first
    workbook = load_workbook(io.BytesIO(first))
    # Both dates inside are written_at: a file made a second later is the same bytes too.
    naive = written_at.replace(tzinfo=None)
    assert workbook.properties.created == workbook.properties.modified == naive


def test_a_download_name_cannot_break_out_of_its_header():
    header = spreadsheet_download(b"", 'Lucía "A"\r\nSet-Cookie: x=1.csv')["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert not set('"\r\n ') & set(header.split("''", 1)[1])


@pytest.mark.parametrize("report", reports.urlpatterns, ids=lambda report: report.name)
def test_every_wagtail_report_is_answered_by_a_formula_safe_view(report):
    view = resolve(reverse(f"wagtailadmin_reports:{report.name}")).func
    assert issubclass(view.view_class, ListingExportMixin)
    assert issubclass(view.view_class, report.callback.view_class)
    assert view.view_initkwargs == report.callback.view_initkwargs


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_wagtails_site_history_export_never_starts_a_formula(client, home, export_format):
    """A page title chosen to run in a spreadsheet reaches the export as text."""
    admin = factories.in_english(factories.user(is_superuser=True))
    home.title = '=HYPERLINK("http://evil.example","Informe")'
    home.save_revision(user=admin).publish(user=admin)
    client.force_login(admin)

    response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": export_format})

    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        cells = [cell for row in csv.reader(io.StringIO(data.decode())) for cell in row]
    else:
        cells = [cell for row in load_workbook(io.BytesIO(data)).active.values for cell in row]
    assert "'" + home.title in cells
    assert not [cell for cell in cells if isinstance(cell, str) and cell.startswith("=")]


def exported_rows(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.values]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("language", "heading", "role"),
    [("en", "Role", "Institution administrator"), ("zh-hans", "角色", "机构管理员")],
)
def test_a_listing_export_is_in_the_editors_language_with_choices_as_labels(
    client, home, export_format, language, heading, role
):
    """A CSV streams after the view has returned: its rows are still in the editor's
    language, not the site's default, and a role reads as its label, not its code."""
    from wagtail.users.models import UserProfile

    admin = factories.member(factories.institution(), Role.INSTITUTION_ADMIN)
    UserProfile.objects.update_or_create(user=admin, defaults={"preferred_language": language})
    client.force_login(admin)

    rows = exported_rows(client.get(reverse("memberships:index"), {"export": export_format}))

    assert heading in rows[0]
    assert rows[1][rows[0].index(heading)] == role
