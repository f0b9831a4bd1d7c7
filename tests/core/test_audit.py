"""Every download of personal data is logged on the object it was made from (an offering, a
certificate, a ledger record, an institution), by whom and under which file name, and shows in
that object's history in the admin; the log itself names no one."""

import json
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from core import audit
from core.models import Role
from courses import certificates
from courses.models import ContinuingEducationRecord, CourseOffering, Enrolment
from faculty.models import TeachingAssignment
from tests import factories

pytestmark = pytest.mark.django_db

FAMILY, GIVEN = "Zapatero-Oculta", "Marisol"
EMAIL, ID_NUMBER = "marisol.oculta@example.org", "110101199003071234"


@pytest.fixture
def setup(two_institutions):
    a, b, admin, _member_b = two_institutions
    factories.in_english(admin)
    offering = factories.offering(
        factories.course(a, title="Intervención en crisis"), status=CourseOffering.Status.RUNNING
    )
    factories.session(offering)
    person = factories.trainee(
        factories.user(email=EMAIL), family_name=FAMILY, given_name=GIVEN, id_number=ID_NUMBER
    )
    place = factories.enrolment(offering, person, status=Enrolment.Status.COMPLETED)
    # B has people of its own, whose institution an export by A's admin must not be logged on.
    factories.enrolment(factories.offering(factories.course(b)))
    member = factories.faculty_member(a, family_name="Docente Alfa")
    TeachingAssignment.objects.create(member=member, offering=offering, role="lead", hours=4)
    placement = factories.placement(
        factories.programme(a), factories.practice_base(a), trainee_=person
    )
    record = ContinuingEducationRecord.objects.create(
        trainee=person,
        institution=a,
        kind="external",
        title="Taller de mediación",
        hours=8,
        completed_on=date(2026, 1, 10),
        # The uploaded file's own name names the person: neither the download nor the log may.
        evidence=SimpleUploadedFile(f"{FAMILY}-{GIVEN}.PDF", b"%PDF-1.4 constancia"),
    )
    return SimpleNamespace(
        a=a,
        b=b,
        admin=admin,
        offering=offering,
        trainee=person,
        certificate=certificates.issue_certificate(place),
        placement=placement,
        record=record,
    )


def _logged(instance, action=audit.PERSONAL_DATA_DOWNLOAD):
    return list(ModelLogEntry.objects.for_instance(instance).filter(action=action).order_by("pk"))


def _history(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response):
    return len(_content(response).decode("utf-8-sig").strip().splitlines()) - 1


def test_the_offerings_exports_and_certificates_zip_are_logged_on_the_offering(client, setup):
    offering, admin = setup.offering, setup.admin
    client.force_login(admin)
    client.get(f"/admin/offerings/{offering.pk}/roster/")  # looking is not downloading
    assert _logged(offering) == []
    roster = client.get(f"/admin/offerings/{offering.pk}/roster/?export=csv")
    for page in ("attendance/?export=xlsx", "gradebook/?export=csv", "certificates.zip"):
        assert client.get(f"/admin/offerings/{offering.pk}/{page}").status_code == 200
    names = [
        f"{offering.code}-roster.csv",
        f"{offering.code}-attendance.xlsx",
        f"{offering.code}-grades.csv",
        f"{offering.code}-certificates.zip",
    ]
    logged = _logged(offering)
    assert [entry.data["file"] for entry in logged] == names
    assert {entry.user for entry in logged} == {admin}
    assert logged[0].data["rows"] == _csv_rows(roster) == 1
    history = _history(client, f"/admin/offerings/history/{offering.pk}/")
    assert escape(f"Personal data downloaded: {names[0]} (1 row)") in history
    for name in names[1:]:
        assert escape(f"Personal data downloaded: {name}") in history


def test_a_certificates_pdf_is_logged_for_staff_and_for_its_holder(client, setup):
    certificate, admin = setup.certificate, setup.admin
    name = certificates.certificate_filename(certificate)
    client.force_login(admin)
    staff = client.get(f"/admin/certificates/{certificate.pk}/pdf/")
    assert staff.status_code == 200 and _content(staff).startswith(b"%PDF")
    cached = client.get(
        f"/admin/certificates/{certificate.pk}/pdf/", headers={"If-None-Match": staff["ETag"]}
    )
    assert cached.status_code == 304  # the browser keeps its copy: nothing more downloaded
    client.force_login(setup.trainee.user)
    own = client.get(f"/en/learn/certificates/{certificate.number}.pdf")
    assert own.status_code == 200
    logged = _logged(certificate)
    assert [(e.user, e.data["file"]) for e in logged] == [
        (admin, name),
        (setup.trainee.user, name),
    ]
    client.force_login(admin)
    history = _history(client, f"/admin/certificates/history/{certificate.pk}/")
    assert history.count(escape(f"Personal data downloaded: {name}")) == 2


def test_ledger_evidence_is_served_and_logged_under_a_name_of_its_own(client, setup):
    record = setup.record
    client.force_login(setup.admin)
    served = client.get(f"/admin/continuing-education/{record.pk}/evidence/")
    assert _content(served) == b"%PDF-1.4 constancia"
    name = f"evidence-{record.pk}.pdf"
    assert f'filename="{name}"' in served["Content-Disposition"]
    (entry,) = _logged(record)
    assert entry.user == setup.admin and entry.data == {"file": name}
    history = _history(client, f"/admin/continuing-education/history/{record.pk}/")
    assert escape(f"Personal data downloaded: {name}") in history


LISTINGS = [
    ("trainees", "trainees"),
    ("certificates", "certificates"),
    ("continuing-education", "continuing-education"),
    ("memberships", "memberships"),
    ("faculty-members", "faculty"),
    ("teaching-assignments", "teaching-assignments"),
    ("placements", "placements"),
]


def test_listing_exports_of_people_are_logged_on_the_institution(client, setup):
    a, admin = setup.a, setup.admin
    client.force_login(admin)
    files = []
    for url, filename in LISTINGS:
        response = client.get(f"/admin/{url}/?export=csv")
        assert response.status_code == 200, url
        files.append((f"{filename}.csv", _csv_rows(response)))
    assert client.get("/admin/trainees/?export=xlsx").status_code == 200
    files.append(("trainees.xlsx", files[0][1]))
    logged = _logged(a)
    assert [(e.data["file"], e.data["rows"]) for e in logged] == files
    assert all(rows >= 1 for _file, rows in files)
    assert {e.user for e in logged} == {admin}
    assert _logged(setup.b) == []  # A's admin exported A's people only
    client.get("/admin/offerings/?export=csv")  # offerings name no one: not logged
    client.get("/admin/trainees/")  # nor is looking at a listing
    assert len(_logged(a)) == len(files)
    history = _history(client, f"/admin/institutions/history/{a.pk}/")
    trainees = files[0][1]
    assert escape(f"Personal data downloaded: trainees.csv ({trainees} row") in history
    for file, _rows in files:
        assert escape(f"Personal data downloaded: {file}") in history


def test_an_empty_listing_export_names_no_one_and_is_not_logged(client, setup):
    client.force_login(setup.admin)
    assert client.get("/admin/trainees/?export=csv&q=nobody-at-all").status_code == 200
    assert _logged(setup.a) == []


def test_the_workload_and_placement_reports_exports_are_logged_on_the_institution(client, setup):
    a = setup.a
    coordinator = factories.member(a, Role.PLACEMENT_COORDINATOR)
    client.force_login(coordinator)
    query = f"?institution={a.pk}&term={factories.term(a).pk}"
    client.get(f"/admin/faculty-workload/{query}")  # the page itself is not a download
    workload = client.get(f"/admin/faculty-workload/{query}&export=csv")
    placements = client.get(f"/admin/placement-report/{query}&export=xlsx")
    assert workload.status_code == placements.status_code == 200
    logged = _logged(a)
    assert [(e.user, e.data["file"]) for e in logged] == [
        (coordinator, f"workload-{a.slug}-spring-2027.csv"),
        (coordinator, f"placements-{a.slug}-spring-2027.xlsx"),
    ]
    assert logged[0].data["rows"] == _csv_rows(workload)
    assert logged[1].data["rows"] == 1
    client.force_login(setup.admin)
    history = _history(client, f"/admin/institutions/history/{a.pk}/")
    assert escape(f"Personal data downloaded: placements-{a.slug}-spring-2027.xlsx") in history


def test_the_log_names_files_never_the_people_in_them(client, setup):
    client.force_login(setup.admin)
    offering, certificate, record = setup.offering, setup.certificate, setup.record
    for url in (
        f"/admin/offerings/{offering.pk}/roster/?export=csv",
        f"/admin/offerings/{offering.pk}/certificates.zip",
        f"/admin/certificates/{certificate.pk}/pdf/",
        f"/admin/continuing-education/{record.pk}/evidence/",
        *(f"/admin/{url}/?export=xlsx" for url, _name in LISTINGS),
        f"/admin/placement-report/?institution={setup.a.pk}&term={factories.term(setup.a).pk}"
        "&export=csv",
    ):
        assert client.get(url).status_code == 200, url
    roster = client.get(f"/admin/offerings/{offering.pk}/roster/?export=csv")
    assert FAMILY in _content(roster).decode("utf-8-sig")  # the file does name the person
    entries = ModelLogEntry.objects.filter(action=audit.PERSONAL_DATA_DOWNLOAD)
    assert entries.count() == 4 + len(LISTINGS) + 1 + 1
    for entry in entries:
        logged = json.dumps(entry.data, ensure_ascii=False) + entry.label + entry.message
        for secret in (FAMILY, GIVEN, EMAIL, ID_NUMBER):
            assert secret not in logged, (secret, logged)
