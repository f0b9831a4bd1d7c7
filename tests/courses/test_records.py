"""What a trainee has to show: their certificates with verification links, their
continuing-education record with the training they add themselves (evidence checked by its
content, only their own records changed), and the public verification box and page."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses import certificates, ledger
from courses.models import ContinuingEducationRecord
from curriculum.models import ProfessionalLevel
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee(client, two_institutions):
    person = factories.trainee()
    client.force_login(person.user)
    return person


def test_the_certificates_page_lists_only_ones_own_with_a_link_that_verifies_each(
    client, trainee, two_institutions, django_assert_max_num_queries
):
    offering = factories.offering(factories.course(two_institutions[0], title="Mediación"))
    mine = certificates.issue_certificate(factories.enrolment(offering, trainee))
    other = certificates.issue_certificate(factories.enrolment(offering))
    with django_assert_max_num_queries(12):
        page = client.get("/en/learn/certificates/").text
    assert mine.number in page and other.number not in page
    assert f'value="http://testserver/en/verify/{mine.number}/"' in page
    assert "Universidad Alfa" in page  # the issuing institution


def test_a_trainee_adds_changes_and_removes_training_taken_elsewhere(
    client, trainee, django_capture_on_commit_callbacks
):
    url = "/en/learn/continuing-education/"
    data = {"title": "Taller de duelo", "provider": "Cruz Roja", "hours": "12",
            "completed_on": (date.today() - timedelta(days=3)).isoformat()}  # fmt: skip
    refused = client.post(url, {**data, "evidence": SimpleUploadedFile("virus.exe", b"MZ")})
    assert refused.status_code == 200 and "evidence" in refused.context["form"].errors
    assert refused.context["form"]["title"].value() == "Taller de duelo"  # nothing lost
    future = client.post(url, {**data, "completed_on": "2999-01-01"})
    assert "completed_on" in future.context["form"].errors
    scan = SimpleUploadedFile("constancia.pdf", b"%PDF-1.4 constancia")
    assert client.post(url, {**data, "evidence": scan}).status_code == 302
    record = ContinuingEducationRecord.objects.get()
    assert (record.trainee, record.kind, record.institution) == (trainee, "external", None)
    served = client.get(f"{url}{record.pk}/evidence/")
    assert b"".join(served.streaming_content) == b"%PDF-1.4 constancia"
    stored = record.evidence.storage, record.evidence.name
    new_scan = SimpleUploadedFile("nueva.pdf", b"%PDF-1.4 nueva")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}{record.pk}/", {**data, "hours": "16", "evidence": new_scan})
    record.refresh_from_db()
    assert record.hours == 16 and not stored[0].exists(stored[1])  # the old file is gone
    assert "Taller de duelo" in client.get(url).text
    stored = record.evidence.storage, record.evidence.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}{record.pk}/delete/")
    assert not ContinuingEducationRecord.objects.exists() and not stored[0].exists(stored[1])


def test_records_of_another_trainee_or_kept_by_an_institution_are_not_found(
    client, trainee, two_institutions
):
    someone = factories.trainee()
    kept = {"kind": "external", "title": "Curso", "hours": 8, "completed_on": date.today()}
    theirs = ContinuingEducationRecord.objects.create(trainee=someone, **kept)
    institutions = ContinuingEducationRecord.objects.create(
        trainee=trainee, institution=two_institutions[0], **kept
    )
    for record in (theirs, institutions):
        base = f"/en/learn/continuing-education/{record.pk}/"
        assert client.get(base).status_code == 404
        assert client.post(f"{base}delete/").status_code == 404
        assert client.get(f"{base}evidence/").status_code == 404
    assert ContinuingEducationRecord.objects.count() == 2


def test_the_verification_box_leads_to_the_certificate_and_says_when_a_number_is_unknown(
    client, two_institutions
):
    offering = factories.offering(factories.course(two_institutions[0]))
    certificate = certificates.issue_certificate(factories.enrolment(offering))
    box = client.get("/en/verify/")
    assert box.status_code == 200 and 'name="number"' in box.text
    found = client.get("/en/verify/", {"number": f" {certificate.number.lower()} "})
    assert found["Location"] == f"/en/verify/{certificate.number}/"
    page = client.get(found["Location"])
    assert "This certificate is valid." in page.text and "Universidad Alfa" in page.text
    unknown = client.get("/en/verify/PX-0000-0000-0000/")
    assert unknown.status_code == 404 and "No certificate has the number" in unknown.text
    assert 'name="number"' in unknown.text  # the box to try again
    certificates.revoke(certificate, "Error")
    assert "was revoked on" in client.get(found["Location"]).text


def test_the_page_shows_each_registration_period_with_its_hours(client, trainee):
    trainee.professional_level = ProfessionalLevel.objects.get(code="assistant-social-worker")
    trainee.certificate_date = date(2018, 3, 1)
    trainee.save()
    kept = {"kind": "external", "title": "Taller", "trainee": trainee}
    ContinuingEducationRecord.objects.create(hours=80, completed_on=date(2019, 5, 1), **kept)
    ContinuingEducationRecord.objects.create(hours=20, completed_on=date(2022, 5, 1), **kept)
    periods = ledger.periods(trainee, date(2024, 6, 1))
    assert [(p.starts_on, p.earned) for p in periods] == [
        (date(2024, 3, 1), 0),
        (date(2021, 3, 1), 20),
        (date(2018, 3, 1), 80),
    ]
    page = client.get("/en/learn/continuing-education/")
    earlier = page.context["earlier_periods"]
    assert [p.starts_on for p in earlier][-1] == date(2018, 3, 1)
    assert "Not met: 52 hours short" in page.text and "Met" in page.text
