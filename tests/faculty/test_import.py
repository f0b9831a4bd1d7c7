"""Importing faculty: a preview with each row's errors, all or nothing, and a second import
of the same file updates instead of duplicating; UTF-8 with BOM and GBK files; the screen
imports only into the user's own institutions."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.imports import ImportFailed
from core.models import Role
from core.spreadsheets import read_table
from faculty import imports
from faculty.models import EmploymentTerm, FacultyMember, FacultyPool
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "family_name,given_name,email,employer,employment_type,term,contracted_hours,professional_level,fields,pool\n"  # noqa: E501
ROWS = (
    "王,静,wang.jing@example.org,西南大学,full-time,2026秋季,240,social-worker,mental-health,Salud mental\n"  # noqa: E501
    "陈,丽,,春城社工中心,practitioner,2026秋季,48,,community;family,Salud mental\n"
)


def _table(text, encoding="utf-8-sig"):
    return read_table(SimpleUploadedFile("faculty.csv", text.encode(encoding)))


def with_terms(institution):
    """The institution's terms, whose Chinese names the rows use."""
    for name, chinese in (("Otoño 2026", "2026秋季"), ("Primavera 2027", "2027春季")):
        term = factories.term(institution, name)
        term.name_zh_hans = chinese
        term.save()
    return institution


@pytest.fixture
def institution(two_institutions):
    return with_terms(two_institutions[0])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_an_import_creates_members_terms_and_the_pool_and_a_second_one_changes_nothing(
    institution, encoding
):
    table = _table(HEADER + ROWS, encoding)
    first = imports.import_rows(institution, table)
    assert [row.action for row in first.rows] == ["new", "new"]
    chen = FacultyMember.objects.get(family_name="陈")
    assert set(chen.fields.values_list("code", flat=True)) == {"community", "family"}
    assert chen.terms.get().employment_type == "practitioner"
    assert FacultyPool.objects.get(name="Salud mental").members.count() == 2
    again = imports.preview(institution, table)
    assert [row.action for row in again.rows] == ["unchanged", "unchanged"]
    imports.import_rows(institution, table)
    assert FacultyMember.objects.count() == 2 and EmploymentTerm.objects.count() == 2


def test_a_reimport_updates_hours_and_adds_a_term(institution):
    imports.import_rows(institution, _table(HEADER + ROWS))
    changed = ROWS.replace(",48,", ",60,").replace("2026秋季,240", "2027春季,200")
    result = imports.import_rows(institution, _table(HEADER + changed))
    assert [row.action for row in result.rows] == ["update", "update"]
    wang = FacultyMember.objects.get(email="wang.jing@example.org")
    assert dict(wang.terms.values_list("term__name_zh_hans", "contracted_hours")) == {
        "2026秋季": 240,
        "2027春季": 200,
    }
    assert FacultyMember.objects.get(family_name="陈").terms.get().contracted_hours == 60


def test_row_errors_are_listed_and_nothing_is_saved(institution):
    bad = (
        HEADER + ROWS + "李,,x@example.org,,full-time,2026秋季,10,,,\n"
        "赵,强,not-an-email,,teacher,2026秋季,ten,boss,nowhere,\n"
        "王,静,wang.jing@example.org,,full-time,2026秋季,1,,,\n"
        "周,涛,,,full-time,2031秋季,10,,,\n"
    )
    table = _table(bad)
    preview = imports.preview(institution, table)
    errors = {row.number: row.errors for row in preview.rows if row.errors}
    assert set(errors) == {4, 5, 6, 7}
    assert len(errors[5]) == 5  # e-mail, type, hours, level and fields, each named
    assert "row 2" in errors[6][0]
    assert errors[7] == [
        f"“2031秋季” is not one of {institution}'s terms. Use the name of one of its terms, or "
        "add the term under Institutions › Terms first."
    ]
    with pytest.raises(ImportFailed):
        imports.import_rows(institution, table)
    assert not FacultyMember.objects.exists()


def test_another_institutions_member_is_never_updated(two_institutions):
    a, b = with_terms(two_institutions[0]), two_institutions[1]
    theirs = factories.faculty_member(b, email="wang.jing@example.org", family_name="王")
    imports.import_rows(a, _table(HEADER + ROWS))
    theirs.refresh_from_db()
    assert theirs.employer == "" and not theirs.terms.filter(institution=a).exists()


def test_the_import_screen_previews_then_imports_into_the_users_institution_only(
    client, two_institutions
):
    a, b = with_terms(two_institutions[0]), two_institutions[1]
    coordinator = factories.in_english(factories.member(a, Role.PLACEMENT_COORDINATOR))
    client.force_login(coordinator)
    url = "/admin/faculty-members/import/"
    assert 'href="/admin/faculty-members/import/"' in client.get("/admin/faculty-members/").text
    blank = client.get(url + "?blank=csv").content.decode("utf-8-sig")
    assert blank.startswith("family_name,given_name,employment_type,term,contracted_hours")
    upload = SimpleUploadedFile("faculty.csv", (HEADER + ROWS).encode("gbk"))
    refused = client.post(url, {"institution": b.pk, "file": upload})
    assert "Select a valid choice" in refused.text and "wang.jing" not in refused.text
    upload.seek(0)
    preview = client.post(url, {"institution": a.pk, "file": upload}).text
    assert "wang.jing@example.org" in preview and "New member" in preview
    assert not FacultyMember.objects.exists()
    token = re.search(r'name="confirm" value="([^"]+)"', preview).group(1)
    done = client.post(url, {"confirm": token}, follow=True)
    assert "2 new members, 0 updated, 0 unchanged." in done.text
    assert set(EmploymentTerm.objects.values_list("institution", flat=True)) == {a.pk}
    expired = client.post(url, {"confirm": token}, follow=True)
    assert "The preview has expired" in expired.text and FacultyMember.objects.count() == 2
    client.force_login(factories.member(a, Role.COURSE_AUTHOR))
    assert client.get(url)["Location"] == "/admin/"
