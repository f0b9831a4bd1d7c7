"""Staff screens of an offering: the roster, attendance sheet and gradebook with their exports,
finishing the run, certificates and trainees; each kept to the staff's own institution."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.models import Role
from courses import certificates
from courses.models import (
    Attendance,
    Certificate,
    ContinuingEducationRecord,
    CourseOffering,
    CoursePage,
    Enrolment,
    Grade,
)
from curriculum.models import ProfessionalLevel
from tests import factories, forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(two_institutions):
    a, b, admin_a, _member_b = two_institutions
    course = factories.course(a, title="Intervención en crisis")
    offering = factories.offering(course, status=CourseOffering.Status.RUNNING)
    session = factories.session(offering)
    person = factories.trainee(
        family_name='=HYPERLINK("http://evil.example.org")', id_number="110101199003071234"
    )
    place = factories.enrolment(offering, person)
    admin_b = factories.member(b, Role.INSTITUTION_ADMIN)
    other = factories.offering(factories.course(b))
    return {
        "offering": offering,
        "session": session,
        "place": place,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "faculty_a": factories.member(a, Role.FACULTY),
        "other": other,
    }


def _component(offering):
    return offering.course.assessment_components()[0][0]


def test_staff_see_only_their_institutions_offerings(client, setup):
    client.force_login(setup["admin_b"])
    listing = client.get("/admin/offerings/").content.decode()
    assert setup["other"].code in listing and setup["offering"].code not in listing
    for page in ("roster", "attendance", "gradebook", "import", "edit", "certificates.zip"):
        assert (
            client.get(
                f"/admin/offerings/{setup['offering'].pk}/{page}/".replace(".zip/", ".zip")
            ).status_code
            == 404
        ), page
    assert client.post(f"/admin/offerings/{setup['offering'].pk}/finish/").status_code == 404


def test_faculty_record_results_but_neither_edit_nor_finish(client, setup):
    offering = setup["offering"]
    client.force_login(setup["faculty_a"])
    assert client.get(f"/admin/offerings/{offering.pk}/gradebook/").status_code == 200
    assert client.get(f"/admin/offerings/edit/{offering.pk}/")["Location"] == "/admin/"
    assert client.post(f"/admin/offerings/{offering.pk}/finish/")["Location"] == "/admin/"
    offering.refresh_from_db()
    assert offering.status == "running"
    key = f"a-{setup['session'].pk}-{setup['place'].pk}"
    client.post(f"/admin/offerings/{offering.pk}/attendance/", {key: "late"})
    assert Attendance.objects.get().status == "late"


def test_a_wrong_score_saves_nothing_and_keeps_what_was_typed(client, setup):
    offering, place = setup["offering"], setup["place"]
    other_place = factories.enrolment(offering)
    component = _component(offering)
    client.force_login(setup["admin_a"])
    url = f"/admin/offerings/{offering.pk}/gradebook/"
    response = client.post(
        url, {f"g-{component}-{place.pk}": "88", f"g-{component}-{other_place.pk}": "120"}
    )
    assert response.status_code == 200 and not Grade.objects.exists()
    html = response.content.decode()
    assert 'value="88"' in html and 'value="120"' in html and 'aria-invalid="true"' in html
    client.post(url, {f"g-{component}-{place.pk}": "88", f"g-{component}-{other_place.pk}": ""})
    assert Grade.objects.get().score == Decimal(88)
    stranger = factories.enrolment(setup["other"])
    sheet = {f"g-{component}-{place.pk}": "88", f"g-{component}-{other_place.pk}": ""}
    client.post(url, {**sheet, f"g-{component}-{stranger.pk}": "50"})
    assert Grade.objects.count() == 1


def test_exports_mask_the_identity_number_and_never_start_a_formula(client, setup):
    offering = setup["offering"]
    client.force_login(setup["admin_a"])
    for page in ("roster", "attendance", "gradebook"):
        response = client.get(f"/admin/offerings/{offering.pk}/{page}/?export=csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][0].startswith("'=HYPERLINK"), page
        assert "110101199003071234" not in response.content.decode()
    workbook = load_workbook(io.BytesIO(
        client.get(f"/admin/offerings/{offering.pk}/roster/?export=xlsx").content
    ))  # fmt: skip
    cells = [cell.value for cell in next(iter(workbook.active.iter_rows(min_row=2)))]
    assert cells[0].startswith("'=") and cells[2] == "••••••••••••••1234"
    export = client.get("/admin/trainees/?export=csv")
    listing = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in listing and "110101199003071234" not in listing
    assert "••1234" in client.get("/admin/trainees/").content.decode()


def test_trainees_of_another_institution_are_not_found(client, setup):
    trainee = setup["place"].trainee
    client.force_login(setup["admin_b"])
    assert client.get(f"/admin/trainees/inspect/{trainee.pk}/").status_code == 404
    assert client.get(f"/admin/trainees/edit/{trainee.pk}/").status_code == 404
    client.force_login(setup["faculty_a"])
    inspect = client.get(f"/admin/trainees/inspect/{trainee.pk}/").content.decode()
    assert "1234" in inspect and "110101199003071234" not in inspect
    assert client.get(f"/admin/trainees/edit/{trainee.pk}/")["Location"] == "/admin/"
    client.force_login(setup["admin_a"])
    edit = client.get(f"/admin/trainees/edit/{trainee.pk}/").content.decode()
    assert "110101199003071234" in edit  # the institution's administrator sees it in full


def test_finishing_from_the_roster_and_revoking_a_certificate(client, setup):
    offering, place = setup["offering"], setup["place"]
    client.force_login(setup["admin_a"])
    client.post(
        f"/admin/offerings/{offering.pk}/attendance/",
        {f"a-{setup['session'].pk}-{place.pk}": "present"},
    )
    client.post(
        f"/admin/offerings/{offering.pk}/gradebook/", {f"g-{_component(offering)}-{place.pk}": "75"}
    )
    client.post(f"/admin/offerings/{offering.pk}/finish/")
    place.refresh_from_db()
    assert place.status == Enrolment.Status.COMPLETED
    certificate = Certificate.objects.get()
    archive = client.get(f"/admin/offerings/{offering.pk}/certificates.zip")
    assert archive["Content-Type"] == "application/zip"
    url = f"/admin/certificates/inspect/{certificate.pk}/"
    client.post(url, {"action": "revoke", "reason": ""})
    certificate.refresh_from_db()
    assert certificate.is_valid  # a revocation needs its reason
    client.force_login(setup["admin_b"])
    assert client.post(url, {"action": "revoke", "reason": "x"}).status_code == 404
    client.force_login(setup["admin_a"])
    client.post(url, {"action": "reissue"})
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.replaced_by.is_valid


def test_the_faculty_cannot_revoke(client, setup):
    certificate = certificates.issue_certificate(setup["place"])
    client.force_login(setup["faculty_a"])
    url = f"/admin/certificates/inspect/{certificate.pk}/"
    page = client.get(url)
    # Not revoked and replacing none: a dash under those labels, never Python's None.
    assert page.status_code == 200
    shown = re.findall(r"<dd>\s*(.*?)\s*</dd>", page.content.decode(), re.S)
    assert "None" not in shown and "—" in shown
    assert client.post(url, {"action": "revoke", "reason": "x"})["Location"] == "/admin/"
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_staff_record_external_hours_and_a_degree_counts_once_by_the_rules(client, setup):
    trainee = setup["place"].trainee
    trainee.professional_level = ProfessionalLevel.objects.get(code="social-worker")
    trainee.save()
    outsider = factories.enrolment(setup["other"]).trainee  # a trainee of institution B
    client.force_login(setup["admin_a"])
    form = client.get("/admin/continuing-education/new/").content.decode()
    trainees = forms.choices(form, "trainee")
    assert str(trainee.pk) in trainees and str(outsider.pk) not in trainees
    data = {"institution": trainee.enrolments.get().offering.institution_id,
            "trainee": trainee.pk, "kind": "degree", "title": "Grado en Trabajo Social",
            "hours": "", "completed_on": "2024-06-30"}  # fmt: skip
    client.post("/admin/continuing-education/new/", data)
    record = ContinuingEducationRecord.objects.get()
    assert record.hours == 90 and record.recorded_by == setup["admin_a"]
    again = client.post("/admin/continuing-education/new/", data)
    assert again.status_code == 200 and ContinuingEducationRecord.objects.count() == 1
    evidence = SimpleUploadedFile("script.exe", b"MZ")
    refused = client.post(
        "/admin/continuing-education/new/",
        {**data, "kind": "external", "hours": "12", "evidence": evidence},
    )
    assert refused.status_code == 200 and ContinuingEducationRecord.objects.count() == 1
    scan = SimpleUploadedFile("constancia.pdf", b"%PDF-1.4 constancia")
    client.post(
        "/admin/continuing-education/new/",
        {**data, "kind": "external", "hours": "12", "evidence": scan},
    )
    external = ContinuingEducationRecord.objects.get(kind="external")
    served = client.get(f"/admin/continuing-education/{external.pk}/evidence/")
    assert b"".join(served.streaming_content) == b"%PDF-1.4 constancia"
    # The file is private, without a URL: the edit and inspect pages link to the view above.
    factories.in_english(setup["admin_a"])
    link = f'href="/admin/continuing-education/{external.pk}/evidence/"'
    edit = client.get(f"/admin/continuing-education/edit/{external.pk}/").content.decode()
    assert f"{link}>constancia" in edit
    inspect = client.get(f"/admin/continuing-education/inspect/{external.pk}/").content.decode()
    assert f"{link}>Download the evidence</a>" in inspect
    client.force_login(setup["admin_b"])
    assert client.get(f"/admin/continuing-education/{external.pk}/evidence/").status_code == 404
    client.force_login(setup["admin_a"])
    stolen = {**data, "trainee": outsider.pk, "kind": "external", "hours": "5"}
    client.post("/admin/continuing-education/new/", stolen)
    assert not ContinuingEducationRecord.objects.filter(trainee=outsider).exists()


def test_administering_one_institution_gives_no_rights_where_one_only_teaches(client, setup):
    offering, place = setup["offering"], setup["place"]
    both = setup["admin_b"]
    factories.member(offering.institution, Role.FACULTY, both)  # admin at B, faculty at A
    certificate = certificates.issue_certificate(place)
    client.force_login(both)
    assert client.get(f"/admin/offerings/{offering.pk}/gradebook/").status_code == 200
    assert client.get(f"/admin/offerings/edit/{offering.pk}/").status_code == 404
    assert client.get(f"/admin/offerings/{offering.pk}/import/")["Location"] == "/admin/"
    client.post(f"/admin/offerings/{offering.pk}/finish/")
    assert client.get(f"/admin/trainees/edit/{place.trainee.pk}/").status_code == 404
    client.post(
        f"/admin/certificates/inspect/{certificate.pk}/", {"action": "revoke", "reason": "x"}
    )
    certificate.refresh_from_db()
    offering.refresh_from_db()
    assert certificate.is_valid and offering.status == "running"
    assert client.get(f"/admin/offerings/edit/{setup['other'].pk}/").status_code == 200


def test_an_institutions_ledger_records_stay_its_own(client, setup):
    trainee = setup["place"].trainee  # enrolled at A
    b = setup["other"].institution
    record = ContinuingEducationRecord.objects.create(
        trainee=trainee,
        institution=b,
        kind="external",
        title="Taller en Beta",
        hours=8,
        completed_on="2026-01-10",
        evidence=SimpleUploadedFile("beta.pdf", b"%PDF-1.4 beta"),
    )
    client.force_login(setup["admin_a"])
    assert "Taller en Beta" not in client.get("/admin/continuing-education/").content.decode()
    assert client.get(f"/admin/continuing-education/{record.pk}/evidence/").status_code == 404
    assert client.get(f"/admin/continuing-education/edit/{record.pk}/").status_code == 404


def test_a_revoked_certificate_cannot_be_reissued(client, setup):
    certificate = certificates.issue_certificate(setup["place"])
    certificates.revoke(certificate, "Fraude")
    client.force_login(setup["admin_a"])
    client.post(f"/admin/certificates/inspect/{certificate.pk}/", {"action": "reissue"})
    assert not Certificate.objects.valid().exists()


def test_a_course_that_was_offered_cannot_be_deleted(client, setup):
    course = setup["offering"].course
    client.force_login(setup["admin_a"])
    response = client.post(f"/admin/pages/{course.pk}/delete/")
    assert response.status_code == 302
    assert CoursePage.objects.filter(pk=course.pk).exists()
    parent = course.get_parent()
    client.post(f"/admin/pages/{parent.pk}/delete/")
    assert CoursePage.objects.filter(pk=course.pk).exists()
