"""Bulk enrolment from a spreadsheet: a preview with each row's errors, then all or nothing,
and the same file twice changes nothing; UTF-8 with or without BOM, GBK and XLSX."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.imports import ImportFailed
from core.models import User
from core.spreadsheets import SpreadsheetError, read_table
from courses import imports
from courses.models import CourseOffering, Enrolment, Trainee
from courses.services import EnrolmentError
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


HEADER = "email,family_name,given_name,id_number,employer\n"
ROWS = (
    "li.wei@example.org,李,伟,110101199003071234,民政局\n"
    "ana.ruiz@example.org,Ruiz,Ana,,Centro comunitario\n"
)


@pytest.fixture
def offering(two_institutions):
    course = factories.course(two_institutions[0])
    return factories.offering(course, capacity=5, status=CourseOffering.Status.RUNNING)


def _upload(data, name="trainees.csv"):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_gbk_reads_the_same(encoding):
    table = read_table(_upload((HEADER + ROWS).encode(encoding)))
    assert table[0][0] == "email" and table[1][1] == "李" and table[1][4] == "民政局"


def test_xlsx_reads_values_and_refuses_formulas():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["email", "family_name", "given_name"])
    sheet.append(["li.wei@example.org", "李", "伟"])
    output = io.BytesIO()
    workbook.save(output)
    assert read_table(_upload(output.getvalue(), "t.xlsx"))[1] == ["li.wei@example.org", "李", "伟"]
    sheet.append(["x@example.org", "=1+1", "y"])
    output = io.BytesIO()
    workbook.save(output)
    with pytest.raises(SpreadsheetError, match="formula"):
        read_table(_upload(output.getvalue(), "t.xlsx"))
    with pytest.raises(SpreadsheetError, match="formula"):
        read_table(_upload((HEADER + "=cmd|'/c calc'!A1,a,b,,\n").encode()))


def test_wrong_columns_say_which_and_what_is_expected(offering):
    with pytest.raises(ImportFailed, match="missing: given_name") as failed:
        imports.preview(offering, [["email", "family_name", "nombre_completo"]])
    assert "nombre_completo" in str(failed.value)


def test_the_preview_gives_each_rows_errors_and_saves_nothing(offering):
    table = read_table(
        _upload(
            (
                HEADER + ROWS + "not-an-email,X,Y,,\n"
                "ana.ruiz@example.org,Ruiz,Ana,,\n"  # repeats row 3
                "luis@example.org,,Luis,,\n"
            ).encode()
        )
    )
    preview = imports.preview(offering, table)
    assert not preview.ok
    errors = {row.number: row.errors for row in preview.rows if row.errors}
    assert set(errors) == {4, 5, 6}
    assert "row 3" in errors[5][0]
    with pytest.raises(ImportFailed):
        imports.import_rows(offering, table)
    assert not Enrolment.objects.exists() and not Trainee.objects.exists()


def test_an_import_enrols_everyone_and_the_same_file_again_changes_nothing(offering, mailoutbox):
    existing = factories.trainee(factories.user(email="ana.ruiz@example.org"), given_name="Ana M.")
    table = read_table(_upload((HEADER + ROWS).encode("utf-8-sig")))
    first = imports.import_rows(offering, table)
    assert [row.action for row in first.rows] == ["new", "enrol"]
    assert Enrolment.objects.filter(offering=offering, status="enrolled").count() == 2
    li = Trainee.objects.get(user__email="li.wei@example.org")
    assert (li.family_name, li.id_number) == ("李", "110101199003071234")
    existing.refresh_from_db()
    assert existing.given_name == "Ana M."  # a trainee's own profile is not overwritten
    assert not User.objects.get(email="li.wei@example.org").has_usable_password()
    counts = (User.objects.count(), Trainee.objects.count(), Enrolment.objects.count())
    second = imports.import_rows(offering, table)
    assert [row.action for row in second.rows] == ["unchanged", "unchanged"]
    assert (User.objects.count(), Trainee.objects.count(), Enrolment.objects.count()) == counts


def test_more_rows_than_seats_without_a_waiting_list_import_nothing(offering):
    offering.capacity, offering.waitlist = 1, False
    offering.save()
    table = read_table(_upload((HEADER + ROWS).encode()))
    preview = imports.preview(offering, table)
    assert not preview.ok and "1 free seats" in preview.problems[0]
    with pytest.raises(ImportFailed):
        imports.import_rows(offering, table)
    assert not Enrolment.objects.exists()


def test_a_cancelled_offering_takes_no_import(offering):
    offering.status = CourseOffering.Status.CANCELLED
    offering.save()
    with pytest.raises(EnrolmentError, match="cancelled"):
        imports.preview(offering, read_table(_upload((HEADER + ROWS).encode())))


def test_the_import_screen_previews_then_imports(client, offering, two_institutions):
    client.force_login(two_institutions[2])
    url = f"/admin/offerings/{offering.pk}/import/"
    preview = client.post(url, {"file": _upload((HEADER + ROWS).encode("gbk"))})
    html = preview.content.decode()
    assert "li.wei@example.org" in html and not Enrolment.objects.exists()
    token = re.search(r'name="confirm" value="([^"]+)"', html).group(1)
    client.post(url, {"confirm": token})
    assert Enrolment.objects.filter(offering=offering).count() == 2
    expired = client.post(url, {"confirm": token}, follow=True)
    assert Enrolment.objects.count() == 2 and expired.status_code == 200
    broken = client.post(url, {"file": _upload(b"email;apellido\nx@y.org;Z\n")})
    assert "given_name" in broken.content.decode()


def test_a_trainee_who_withdrew_is_left_alone_and_long_values_are_refused_in_the_preview(
    offering,
):
    table = read_table(_upload((HEADER + ROWS).encode()))
    first = imports.import_rows(offering, table)
    assert first.count("new") == 2
    Enrolment.objects.filter(trainee__user__email="ana.ruiz@example.org").update(status="withdrawn")
    assert [row.action for row in imports.preview(offering, table).rows] == ["unchanged"] * 2
    long = read_table(_upload((HEADER + "x@example.org,X,Y,," + "e" * 201 + "\n").encode()))
    assert "employer" in imports.preview(offering, long).rows[0].errors[0]
