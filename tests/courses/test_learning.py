"""The trainee's learning site: profile, enrolment from the course page, the dashboard, an
offering's units and materials, certificates; and what no one else may see."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import PraxisDocument, Role
from courses import certificates
from courses.models import CourseOffering, Enrolment, Trainee, UnitProgress
from curriculum.models import ProfessionalLevel, TeachingMaterial
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def handout(two_institutions):
    a = two_institutions[0]
    document = PraxisDocument.objects.create(
        title="Guía de entrevista",
        collection=a.collection,
        file=SimpleUploadedFile("guia.pdf", b"%PDF-1.4\nguia de entrevista\n"),
    )
    return factories.material(a, "Guía de entrevista", url="", document=document)


@pytest.fixture
def course(two_institutions, handout):
    page = factories.course(two_institutions[0], title="Intervención en crisis", units=0)
    page.units = [factories.unit("Uno", materials=[handout]), factories.unit("Dos")]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def trainee(client):
    person = factories.trainee()
    client.force_login(person.user)
    return person


def test_a_new_account_is_shown_the_way_to_a_course_and_fills_in_its_profile(client, course):
    person = factories.user(first_name="Ana", last_name="Ruiz")
    client.force_login(person)
    welcome = client.get("/es/learn/")  # not stopped at the profile form
    assert welcome.status_code == 200 and 'href="/es/learn/profile/"' in welcome.text
    form = client.get("/es/learn/profile/").content.decode()
    assert 'value="Ruiz"' in form  # the names come from the account
    refused = client.post("/es/learn/profile/", {"family_name": "Ruiz", "given_name": "Ana"})
    assert "consents_to_data_use" in refused.context["form"].errors
    saved = client.post(
        "/es/learn/profile/?next=/es/learn/",
        {"family_name": "Ruiz", "given_name": "Ana", "consents_to_data_use": "on",
         "years_of_experience": "2"},
    )  # fmt: skip
    assert saved.status_code == 302 and saved["Location"] == "/es/learn/"
    assert Trainee.objects.get(user=person).given_name == "Ana"
    evil = client.post(
        "/es/learn/profile/?next=//evil.example.org/",
        {"family_name": "Ruiz", "given_name": "Ana", "consents_to_data_use": "on",
         "years_of_experience": "2"},
    )  # fmt: skip
    assert evil["Location"] == "/es/learn/"


def test_a_trainee_enrols_from_the_course_page_and_finds_it_on_the_dashboard(
    client, course, trainee
):
    offering = factories.offering(course, capacity=1)
    factories.offering(course, code="BORRADOR", status=CourseOffering.Status.DRAFT)
    page = client.get(course.url).content.decode()
    assert offering.code in page and "BORRADOR" not in page
    response = client.post(f"/es/learn/offerings/{offering.pk}/enrol/")
    assert response["Location"] == f"/es/learn/offerings/{offering.pk}/"
    dashboard = client.get("/es/learn/").content.decode()
    assert "Intervención en crisis" in dashboard and offering.code in dashboard
    again = client.post(f"/es/learn/offerings/{offering.pk}/enrol/", follow=True)
    assert Enrolment.objects.count() == 1
    assert offering.code in again.content.decode()  # the refusal names the offering


def test_materials_open_for_enrolled_trainees_only_through_the_checked_view(
    client, course, trainee, handout
):
    offering = factories.offering(course)
    url = f"/es/learn/offerings/{offering.pk}/materials/{handout.pk}/"
    assert client.get(url).status_code == 404  # not enrolled
    place = factories.enrolment(offering, trainee, status=Enrolment.Status.WAITLISTED)
    assert client.get(url).status_code == 404  # no seat yet
    place.status = Enrolment.Status.ENROLLED
    place.save()
    response = client.get(url)
    assert response.status_code == 200
    assert b"guia de entrevista" in b"".join(response.streaming_content)
    unlisted = factories.material(offering.institution, "Otro")
    assert (
        client.get(f"/es/learn/offerings/{offering.pk}/materials/{unlisted.pk}/").status_code == 404
    )
    # Wagtail's own document URL serves the collection's staff, not trainees or visitors.
    assert client.get(handout.document.url).status_code == 404
    client.logout()
    assert client.get(handout.document.url).status_code == 404
    client.force_login(factories.member(offering.institution, Role.COURSE_AUTHOR))
    assert client.get(handout.document.url).status_code == 200
    # The public course page names the materials without linking them.
    assert handout.document.url not in client.get(course.url).content.decode()


def test_marking_units_studied_moves_the_progress_bar(client, course, trainee):
    offering = factories.offering(course)
    factories.enrolment(offering, trainee)
    first = course.units[0].id
    client.post(f"/es/learn/offerings/{offering.pk}/units/{first}/studied/")
    client.post(f"/es/learn/offerings/{offering.pk}/units/not-a-unit/studied/")
    assert UnitProgress.objects.count() == 1
    assert client.get(f"/es/learn/offerings/{offering.pk}/").context["progress"] == 50
    dashboard = client.get("/es/learn/")
    assert dashboard.context["active"][0].progress == 50
    client.post(f"/es/learn/offerings/{offering.pk}/units/{first}/studied/", {"studied": "0"})
    assert not UnitProgress.objects.exists()


def test_the_dashboard_takes_the_same_queries_for_one_or_six_offerings(
    client, course, trainee, django_assert_num_queries
):
    factories.enrolment(factories.offering(course), trainee)
    client.get("/es/learn/")  # the header's sections are read once, then kept
    with CaptureQueriesContext(connection) as one:
        client.get("/es/learn/")
    for _ in range(5):
        offering = factories.offering(course)
        factories.session(offering)
        factories.enrolment(offering, trainee)
        done = factories.enrolment(factories.offering(course), trainee, Enrolment.Status.COMPLETED)
        certificates.issue_certificate(done)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/es/learn/")
    assert len(one.captured_queries) < 12
    assert len(response.context["active"]) == 6
    assert len(response.context["certificates"]) == len(response.context["past"]) == 5


def test_an_offering_page_takes_under_twelve_queries_however_many_are_enrolled(
    client, course, trainee, django_assert_num_queries
):
    offering = factories.offering(course, capacity=30)
    factories.session(offering)
    factories.enrolment(offering, trainee)
    url = f"/es/learn/offerings/{offering.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as alone:
        client.get(url)
    alone = len(alone.captured_queries)  # read now: the log keeps the last queries only
    assert alone < 12
    for _ in range(5):
        factories.enrolment(offering, factories.trainee())
        factories.enrolment(factories.offering(course), trainee)
    client.get(url)
    with django_assert_num_queries(alone):
        response = client.get(url)
    assert response.context["standing"].sessions == 1


def test_the_dashboard_shows_the_hours_owed_by_the_trainees_level(client, trainee):
    trainee.professional_level = ProfessionalLevel.objects.get(code="social-worker")
    trainee.certificate_date = date(2025, 1, 15)
    trainee.save()
    html = client.get("/es/learn/").content.decode()
    assert "0 de 90" in html or "0 of 90" in html


def test_another_trainees_offering_and_certificate_are_not_found(client, course, trainee):
    offering = factories.offering(course)
    other = factories.enrolment(offering)
    certificate = certificates.issue_certificate(other)
    assert client.get(f"/es/learn/offerings/{offering.pk}/").status_code == 404
    assert client.get(f"/es/learn/certificates/{certificate.number}.pdf").status_code == 404
    response = client.post(f"/es/learn/offerings/{offering.pk}/withdraw/")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "enrolled"
    mine = certificates.issue_certificate(factories.enrolment(offering, trainee))
    response = client.get(f"/es/learn/certificates/{mine.number}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_visitors_are_sent_to_sign_in(client, course):
    response = client.get("/es/learn/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_institutions_documents_are_for_its_own_people(client, two_institutions):
    """Institution collections are private: a visitor is sent to sign in, another
    institution's staff are refused, the institution's own people open the file."""
    a, _b, admin_a, member_b = two_institutions
    leaflet = PraxisDocument.objects.create(
        title="Folleto",
        collection=a.collection,
        file=SimpleUploadedFile("folleto.pdf", b"%PDF-1.4\nfolleto\n"),
    )
    visitor = client.get(leaflet.url)
    assert visitor.status_code == 302 and "login" in visitor.url
    client.force_login(member_b)
    assert client.get(leaflet.url).status_code != 200
    client.force_login(factories.member(a, Role.FACULTY))
    assert client.get(leaflet.url).status_code == 200
    client.force_login(admin_a)
    assert client.get(leaflet.url).status_code == 200


def test_a_material_under_an_open_licence_is_a_download_for_anyone(client, two_institutions):
    a = two_institutions[0]
    files = {}
    for licence in (TeachingMaterial.Licence.CC_BY, TeachingMaterial.Licence.INSTITUTION):
        document = PraxisDocument.objects.create(
            title=licence,
            collection=a.collection,
            file=SimpleUploadedFile(f"{licence}.pdf", b"%PDF-1.4\n" + licence.encode()),
        )
        files[licence] = factories.material(a, licence=licence, document=document, url="")
    open_url = reverse("curriculum:open_material", args=[files["cc-by"].pk])
    download = client.get(open_url)
    assert download.status_code == 200 and b"cc-by" in b"".join(download.streaming_content)
    assert (
        client.get(files["cc-by"].document.url).status_code != 200
    )  # the collection stays private
    closed = reverse("curriculum:open_material", args=[files["institution"].pk])
    assert client.get(closed).status_code == 404


def test_withdrawing_asks_first_then_gives_the_seat_and_history_says_withdrawn_on(
    client, course, trainee
):
    offering = factories.offering(course, capacity=1)
    factories.enrolment(offering, trainee)
    waiting = factories.enrolment(offering, status=Enrolment.Status.WAITLISTED)
    url = f"/en/learn/offerings/{offering.pk}/withdraw/"
    question = client.get(url)
    assert question.status_code == 200 and question.context["waiting"] == 1
    assert "the seat goes at once to the person on the waiting list" in question.text
    assert Enrolment.objects.get(trainee=trainee).status == Enrolment.Status.ENROLLED  # asked
    assert client.post(url)["Location"] == "/en/learn/"
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED
    history = client.get("/en/learn/").text
    today = timezone.localdate()
    assert f"Withdrawn on {today.day} " in history or f"Withdrawn on {today:%d}" in history
    assert client.get(url).status_code == 404  # nothing left to withdraw from
