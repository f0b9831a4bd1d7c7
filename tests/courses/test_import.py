"""Bulk invitations from a spreadsheet: a preview with each row's errors, then all or nothing,
and the same file twice changes nothing; UTF-8 with or without BOM, GBK and XLSX. No one is
enrolled, or found out, by an import: each person accepts their invitation."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.imports import ImportFailed
from core.models import User
from core.spreadsheets import SpreadsheetError, read_table
from core.tokens import digest
from courses import imports, invitations, services
from courses.models import CourseOffering, Enrolment, EnrolmentInvitation, Trainee
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


def test_an_import_invites_everyone_and_the_same_file_again_changes_nothing(
    offering, mailoutbox, django_capture_on_commit_callbacks
):
    existing = factories.trainee(factories.user(email="ana.ruiz@example.org"), given_name="Ana M.")
    table = read_table(_upload((HEADER + ROWS).encode("utf-8-sig")))
    with django_capture_on_commit_callbacks(execute=True):
        first = imports.import_rows(offering, table)
    assert [row.action for row in first.rows] == ["invite", "invite"]
    assert not Enrolment.objects.exists()  # no one takes a place before they accept
    assert sorted(m.to[0] for m in mailoutbox) == ["ana.ruiz@example.org", "li.wei@example.org"]
    assert all("/invitations/" in m.body for m in mailoutbox)
    assert not User.objects.get(email="li.wei@example.org").has_usable_password()
    assert not Trainee.objects.filter(user__email="li.wei@example.org").exists()
    counts = (User.objects.count(), Trainee.objects.count(), EnrolmentInvitation.objects.count())
    second = imports.import_rows(offering, table)
    assert [row.action for row in second.rows] == ["unchanged", "unchanged"]
    assert (User.objects.count(), Trainee.objects.count(), EnrolmentInvitation.objects.count()) == (
        counts
    )
    for invitation in EnrolmentInvitation.objects.all():
        invitations.accept(invitation)
    assert Enrolment.objects.filter(offering=offering, status="enrolled").count() == 2
    li = Trainee.objects.get(user__email="li.wei@example.org")
    assert (li.family_name, li.id_number) == ("李", "110101199003071234")
    assert li.id_number_source == offering.institution
    existing.refresh_from_db()
    assert existing.given_name == "Ana M."  # a trainee's own profile is not overwritten


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
    assert offering.invitations.count() == 2 and not Enrolment.objects.exists()
    expired = client.post(url, {"confirm": token}, follow=True)
    assert offering.invitations.count() == 2 and expired.status_code == 200
    broken = client.post(url, {"file": _upload(b"email;apellido\nx@y.org;Z\n")})
    assert "given_name" in broken.content.decode()


def test_a_trainee_who_withdrew_is_left_alone_and_long_values_are_refused_in_the_preview(
    offering,
):
    table = read_table(_upload((HEADER + ROWS).encode()))
    first = imports.import_rows(offering, table)
    assert first.count("invite") == 2
    ana = EnrolmentInvitation.objects.get(user__email="ana.ruiz@example.org")
    services.withdraw(invitations.accept(ana))
    assert [row.action for row in imports.preview(offering, table).rows] == ["unchanged"] * 2
    long = read_table(_upload((HEADER + "x@example.org,X,Y,," + "e" * 201 + "\n").encode()))
    assert "employer" in imports.preview(offering, long).rows[0].errors[0]


def test_importing_another_institutions_trainee_neither_enrols_nor_reveals_them(
    client, offering, two_institutions, django_capture_on_commit_callbacks, mailoutbox
):
    """B's trainee, named in A's file, is invited like a stranger: the preview says the same
    of them as of someone without an account, nothing of theirs reaches A until they accept,
    and the identity number B typed stays masked for A even then."""
    _a, b, admin_a, _member_b = two_institutions
    theirs = factories.trainee(
        factories.user(email="li.wei@example.org"), id_number="ID-DE-BETA-9876"
    )
    Trainee.objects.filter(pk=theirs.pk).update(id_number_source=b)
    factories.enrolment(factories.offering(factories.course(b)), theirs)
    client.force_login(admin_a)
    url = f"/admin/offerings/{offering.pk}/import/"
    preview = client.post(url, {"file": _upload((HEADER + ROWS).encode())})
    rows = preview.context["preview"].rows
    assert [row.action for row in rows] == ["invite", "invite"]
    assert str(rows[0].action_label) == str(rows[1].action_label)  # the same, account or not
    token = re.search(r'name="confirm" value="([^"]+)"', preview.text).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": token})
    assert not offering.enrolments.exists()
    assert client.get(f"/admin/trainees/inspect/{theirs.pk}/").status_code == 404
    assert "Beta" not in client.get("/admin/trainees/").text
    assert "li.wei@example.org" in [m.to[0] for m in mailoutbox]

    client.force_login(theirs.user)
    mail = next(m for m in mailoutbox if m.to[0] == "li.wei@example.org")
    link = re.search(r"https?://[^/]+(/\S+)", mail.body).group(1).replace("/es/", "/en/", 1)
    page = client.get(link)
    assert page.status_code == 200 and offering.course.title in page.text
    refused = client.post(link, {"answer": "accept"})
    assert "Tick the box" in refused.text and not offering.enrolments.exists()
    accepted = client.post(link, {"answer": "accept", "consent": "on"})
    assert accepted.status_code == 302 and offering.enrolments.get().trainee == theirs
    theirs.refresh_from_db()
    assert theirs.id_number == "ID-DE-BETA-9876" and theirs.id_number_source == b

    client.force_login(admin_a)
    edit = client.get(f"/admin/trainees/edit/{theirs.pk}/")
    assert edit.status_code == 200 and "id_number" not in edit.context["form"].fields
    assert "ID-DE-BETA-9876" not in edit.text
    assert "9876" in client.get(f"/admin/trainees/inspect/{theirs.pk}/").text


def test_an_invitation_is_answered_only_by_its_own_account(client, offering, two_institutions):
    stranger = factories.user(email="otra@example.org")
    invitation = invitations.invite(
        offering, {"email": "nuevo@example.org", "family_name": "Sol", "given_name": "Ana"}
    )
    token = "not-the-token"
    assert client.get(f"/es/invitations/{token}/").status_code == 410
    EnrolmentInvitation.objects.filter(pk=invitation.pk).update(token_digest=digest(token))
    client.force_login(stranger)
    assert (
        client.post(f"/en/invitations/{token}/", {"answer": "accept", "consent": "on"}).status_code
        == 403
    )
    client.logout()
    form = client.get(f"/en/invitations/{token}/")
    assert "Choose a password" in form.text
    client.post(
        f"/en/invitations/{token}/",
        {"new_password1": "un-nuevo-comienzo-2026", "new_password2": "un-nuevo-comienzo-2026"},
    )
    assert client.get("/es/").context["user"].email == "nuevo@example.org"
    client.post(f"/en/invitations/{token}/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == "declined" and not offering.enrolments.exists()
    assert client.get(f"/en/invitations/{token}/").status_code == 410
