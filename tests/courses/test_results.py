"""Attendance, grades, computed completion, the end of a run, certificates and the ledger."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from core.services import remember_language
from courses import certificates, completion, ledger
from courses.models import (
    Attendance,
    Certificate,
    ContinuingEducationRecord,
    ContinuingEducationRule,
    CourseOffering,
    Enrolment,
    Grade,
)
from curriculum.models import ProfessionalLevel
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def course(two_institutions):
    page = factories.course(two_institutions[0], title="Intervención en crisis")
    page.assessment = [
        ("component", {"name": "Caso", "method": "case-analysis", "weight": 60}),
        ("component", {"name": "Examen", "method": "exam", "weight": 40}),
    ]
    page.pass_mark, page.attendance_threshold = Decimal(60), 75
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def running(course):
    offering = factories.offering(course, status=CourseOffering.Status.RUNNING)
    sessions = [factories.session(offering, day) for day in range(4)]
    places = [factories.enrolment(offering) for _ in range(3)]
    return offering, sessions, places


def _components(course):
    return {name: component_id for component_id, name, _w in course.assessment_components()}


def test_the_final_score_weighs_the_components_and_waits_for_every_grade(course):
    ids = _components(course)
    components = course.assessment_components()
    assert completion.final_score(components, {ids["Caso"]: Decimal(80)}) is None
    assert completion.final_score(
        components, {ids["Caso"]: Decimal(80), ids["Examen"]: Decimal(50)}
    ) == (Decimal("68.00"))


@pytest.mark.parametrize("text", ["101", "-1", "abc", "NaN", "1e400"])
def test_a_score_out_of_range_or_not_a_number_is_refused(text):
    with pytest.raises(completion.RecordError):
        completion.parse_score(text)


def test_scores_are_read_as_people_type_them():
    assert completion.parse_score(" 87,5 ") == Decimal("87.50")
    assert completion.parse_score("") is None


def test_grades_for_someone_not_enrolled_save_nothing(running):
    offering, _sessions, places = running
    stranger = factories.enrolment(factories.offering(offering.course))
    waiting = factories.enrolment(offering, status=Enrolment.Status.WAITLISTED)
    component = _components(offering.course)["Caso"]
    for outsider in (stranger, waiting):
        with pytest.raises(completion.RecordError, match="not enrolled"):
            completion.record_grades(
                offering,
                {(places[0].pk, component): Decimal(90), (outsider.pk, component): Decimal(70)},
            )
    assert not Grade.objects.exists()


def test_attendance_for_someone_not_enrolled_saves_nothing(running):
    offering, sessions, places = running
    waiting = factories.enrolment(offering, status=Enrolment.Status.WAITLISTED)
    with pytest.raises(completion.RecordError, match="not enrolled"):
        completion.record_attendance(sessions[0], {places[0].pk: "present", waiting.pk: "present"})
    with pytest.raises(completion.RecordError):
        completion.record_attendance(sessions[0], {places[0].pk: "asleep"})
    assert not Attendance.objects.exists()


def _attend(sessions, place, count):
    for session in sessions[:count]:
        completion.record_attendance(session, {place.pk: "present"})


def test_finishing_computes_each_result_credits_hours_and_issues_certificates(
    running, mailoutbox, django_capture_on_commit_callbacks
):
    offering, sessions, (good, weak, absent) = running
    ids = _components(offering.course)
    _attend(sessions, good, 3)  # 75 %: just enough
    _attend(sessions, weak, 4)
    completion.record_grades(
        offering,
        {
            (good.pk, ids["Caso"]): Decimal(70),
            (good.pk, ids["Examen"]): Decimal(50),  # 62: passes
            (weak.pk, ids["Caso"]): Decimal(50),
            (weak.pk, ids["Examen"]): Decimal(60),  # 54: does not
        },
    )
    waiting = factories.enrolment(offering, status=Enrolment.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        completion.finish_offering(offering)

    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    # Everyone is told, the one who was still waiting too; the final scores are frozen.
    told = sorted(address for message in mailoutbox for address in message.to)
    assert told == sorted(p.trainee.user.email for p in (good, weak, absent, waiting))
    scores = dict(Enrolment.objects.values_list("pk", "final_score"))
    assert (scores[good.pk], scores[weak.pk], scores[absent.pk]) == (Decimal(62), Decimal(54), None)
    assert statuses[good.pk] == "completed"
    assert statuses[weak.pk] == "failed"
    assert statuses[absent.pk] == "no-show"
    assert statuses[waiting.pk] == "withdrawn"
    record = ContinuingEducationRecord.objects.get()
    assert record.trainee == good.trainee and record.hours == offering.course.hours["total"]
    certificate = Certificate.objects.get()
    assert certificate.enrolment == good and certificate.is_valid
    offering.refresh_from_db()
    assert offering.status == "finished"
    with pytest.raises(completion.RecordError, match="finished"):
        completion.finish_offering(offering)
    with pytest.raises(completion.RecordError, match="no longer change"):
        completion.record_grades(offering, {(weak.pk, ids["Caso"]): Decimal(100)})
    with pytest.raises(completion.RecordError, match="no longer change"):
        completion.record_attendance(sessions[0], {weak.pk: "absent"})
    assert ledger.credit_course(good) == record  # credited once, however often asked


def test_one_attendance_short_of_the_threshold_fails_even_with_top_grades(running):
    offering, sessions, (place, *_others) = running
    ids = _components(offering.course)
    _attend(sessions, place, 2)  # 50 % < 75 %
    completion.record_grades(offering, {(place.pk, i): Decimal(100) for i in ids.values()})
    standing = completion.standings(offering)[0]
    assert standing.passes and not standing.attends_enough and not standing.completes


def test_standings_take_the_same_queries_for_three_or_thirty_trainees(
    running, django_assert_num_queries
):
    offering, _sessions, _places = running
    read = CourseOffering.objects.select_related("course", "course_revision")
    offering = read.get(pk=offering.pk)
    with django_assert_num_queries(3) as small:
        completion.standings(offering)
    for _ in range(27):
        factories.enrolment(offering)
    offering = read.get(pk=offering.pk)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(completion.standings(offering)) == 30


@pytest.fixture
def certificate(running):
    _offering, _sessions, (place, *_others) = running
    place.status = Enrolment.Status.COMPLETED
    place.save()
    return certificates.issue_certificate(place)


def test_a_certificate_prints_its_number_and_a_qr_link_to_its_verification(
    certificate, client, caplog
):
    stored = certificates.certificate_pdf(certificate)
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]  # QR code drawn
    with stored.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert certificate.number in text
    assert certificate.holder_name in text
    url = certificates.verification_url(certificate)
    assert url.endswith(f"/verify/{certificate.number}/")
    page = client.get(url.split("8000", 1)[-1] if "8000" in url else url)
    assert page.status_code == 200


def test_a_certificate_is_printed_in_the_language_its_holder_signed_up_in(certificate):
    remember_language(certificate.enrolment.trainee.user, "zh-hans")
    institution = certificate.enrolment.offering.institution
    institution.name_zh_hans = "阿尔法大学"
    institution.save()
    with certificates.certificate_pdf(certificate).file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "阿尔法大学" in text and "结业证书" in text
    assert "/zh-hans/verify/" in certificates.verification_url(certificate)


def test_the_verification_page_shows_only_the_public_facts(certificate, client):
    trainee = certificate.enrolment.trainee
    trainee.id_number, trainee.phone = "110101199003071234", "+86 138 0000 0000"
    trainee.save()
    page = client.get(f"/es/verify/{certificate.number}/")
    html = page.content.decode()
    assert "válido" in html.lower() or "valid" in html.lower()
    for fact in (certificate.holder_name, certificate.course_title, certificate.number):
        assert fact in html
    for secret in (trainee.user.email, trainee.id_number, trainee.phone, "1234"):
        assert secret not in html
    assert client.get("/es/verify/PX-0000-0000-0000/").status_code == 404


def test_revoking_and_reissuing_keep_the_history_and_the_old_number_says_revoked(
    certificate, client
):
    with pytest.raises(ValueError):
        certificates.revoke(certificate, "  ")
    new = certificates.reissue(certificate)
    certificate.refresh_from_db()
    assert not certificate.is_valid and new.is_valid and new.replaces == certificate
    assert new.number != certificate.number
    old_page = client.get(f"/en/verify/{certificate.number}/").content.decode()
    assert "This certificate was revoked on" in old_page
    with pytest.raises(IntegrityError), transaction.atomic():  # no second valid one
        Certificate.objects.create(
            enrolment=new.enrolment,
            holder_name="x",
            course_title="y",
            hours=1,
            completed_on=date.today(),
        )


def test_an_offerings_certificates_download_as_one_zip(running):
    offering, _sessions, places = running
    for place in places[:2]:
        certificates.issue_certificate(place)
    revoked = certificates.issue_certificate(places[2])
    certificates.revoke(revoked, "Error de registro")
    archive = zipfile.ZipFile(io.BytesIO(certificates.certificates_zip(offering)))
    names = archive.namelist()
    assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
    assert archive.read(names[0]).startswith(b"%PDF")


def test_the_ledger_counts_the_current_period_against_the_levels_rule():
    institution = factories.institution()
    level = ProfessionalLevel.objects.get(code="assistant-social-worker")
    trainee = factories.trainee(professional_level=level, certificate_date=date(2020, 3, 1))
    period = ledger.current_period(trainee, date(2024, 6, 1))
    assert (period.starts_on, period.ends_on) == (date(2023, 3, 1), date(2026, 3, 1))
    assert period.required == 72 and period.earned == 0
    for hours, day in ((30, date(2023, 5, 1)), (20, date(2022, 5, 1))):
        ContinuingEducationRecord.objects.create(
            trainee=trainee,
            institution=institution,
            kind="external",
            title="Taller",
            hours=hours,
            completed_on=day,
        )
    assert ledger.current_period(trainee, date(2024, 6, 1)).earned == 30
    rule = ContinuingEducationRule.objects.get(professional_level=level)
    rule.required_hours, rule.period_years = 60, 2
    rule.save()
    period = ledger.current_period(trainee, date(2024, 6, 1))
    assert (period.starts_on, period.required) == (date(2024, 3, 1), 60)


def test_social_workers_owe_ninety_hours_and_a_degree_counts_once():
    level = ProfessionalLevel.objects.get(code="social-worker")
    trainee = factories.trainee(professional_level=level, certificate_date=date(2025, 1, 1))
    assert ledger.current_period(trainee, date(2026, 1, 1)).required == 90
    assert ledger.degree_hours(trainee) == 90
    institution = factories.institution()
    ContinuingEducationRecord.objects.create(
        trainee=trainee,
        institution=institution,
        kind="degree",
        title="Grado",
        hours=90,
        completed_on=date(2025, 7, 1),
    )
    assert ledger.current_period(trainee, date(2026, 1, 1)).missing == 0
    with pytest.raises(IntegrityError), transaction.atomic():  # the database keeps it to one
        ContinuingEducationRecord.objects.create(
            trainee=trainee,
            institution=institution,
            kind="degree",
            title="Otro",
            hours=90,
            completed_on=date(2025, 8, 1),
        )
    assert ledger.current_period(factories.trainee(), date(2026, 1, 1)) is None


def test_periods_from_the_29th_of_february_do_not_drift():
    level = ProfessionalLevel.objects.get(code="social-worker")
    trainee = factories.trainee(professional_level=level, certificate_date=date(2024, 2, 29))
    period = ledger.current_period(trainee, date(2036, 3, 15))
    assert (period.starts_on, period.ends_on) == (date(2036, 2, 29), date(2039, 2, 28))
