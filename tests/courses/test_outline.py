"""An offering's page as a course outline: each material once, served as what it is (text in
its character set, PDFs in the browser, documents downloaded); the sessions ahead and past;
the sessions as a calendar file for the trainee's own calendar, and for nobody else."""

from datetime import timedelta

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import PraxisDocument
from courses.models import Attendance, Enrolment
from faculty.models import TeachingAssignment
from tests import factories

pytestmark = pytest.mark.django_db


def document_material(institution, filename, data):
    document = PraxisDocument.objects.create(
        title=filename, collection=institution.collection, file=SimpleUploadedFile(filename, data)
    )
    return factories.material(institution, filename, url="", document=document)


@pytest.fixture
def setup(client, two_institutions):
    a = two_institutions[0]
    materials = {
        "utf8": document_material(a, "guia.txt", "Guía de demostración".encode()),
        "gbk": document_material(a, "zh.txt", "社会工作案例".encode("gb18030")),
        "pdf": document_material(a, "caso.pdf", b"%PDF-1.4\ncaso\n"),
        "docx": document_material(a, "plantilla.docx", b"PK\x03\x04 plantilla"),
    }
    course = factories.course(a, units=0)
    course.units = [factories.unit("Uno", materials=list(materials.values()))]
    course.materials = [("material", materials["utf8"]), ("material", materials["pdf"])]
    course.save_revision().publish()
    course.refresh_from_db()
    offering = factories.offering(course, starts_on=timezone.localdate() - timedelta(days=2))
    trainee = factories.trainee()
    enrolment = factories.enrolment(offering, trainee)
    client.force_login(trainee.user)
    return {"offering": offering, "materials": materials, "enrolment": enrolment}


def test_each_material_is_listed_once_and_served_as_what_it_is(client, setup):
    offering, materials = setup["offering"], setup["materials"]
    page = client.get(f"/en/learn/offerings/{offering.pk}/").text
    for material in materials.values():
        assert page.count(f"/materials/{material.pk}/") == 1, material
    assert "Unit 1: Uno" in page
    assert "Conducir una entrevista inicial" in page  # its objectives and topics
    assert "Topics: Escucha activa; Ecomapas" in page
    base = f"/en/learn/offerings/{offering.pk}/materials"
    text = client.get(f"{base}/{materials['utf8'].pk}/")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text["Content-Disposition"].startswith("inline")
    assert text.content.decode("utf-8") == "Guía de demostración"
    chinese = client.get(f"{base}/{materials['gbk'].pk}/")
    assert chinese["Content-Type"] == "text/plain; charset=gb18030"
    pdf = client.get(f"{base}/{materials['pdf'].pk}/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline")
    docx = client.get(f"{base}/{materials['docx'].pk}/")
    assert docx["Content-Disposition"].startswith("attachment")
    assert docx["X-Content-Type-Options"] == "nosniff"


def test_sessions_ahead_and_past_with_the_trainees_attendance(client, setup):
    offering = setup["offering"]
    past = factories.session(offering, day=0, topic="Apertura")
    ahead = [factories.session(offering, day=day, topic=f"Sesión {day}") for day in (5, 9)]
    Attendance.objects.create(enrolment=setup["enrolment"], session=past, status="present")
    response = client.get(f"/en/learn/offerings/{offering.pk}/")
    assert response.context["next_sessions"] == ahead
    assert response.context["past_sessions"] == [(past, "Present")]
    assert "Next session" in response.text and "Your attendance: Present" in response.text


def test_a_session_reads_in_the_trainees_language_where_it_is_given_in_it(client, setup):
    offering = setup["offering"]
    factories.session(
        offering,
        day=5,
        topic="Apertura",
        topic_zh_hans="开课",
        venue="Aula 3",
        venue_zh_hans="3 号教室",
    )
    chinese = client.get(f"/zh-hans/learn/offerings/{offering.pk}/").text
    assert "开课" in chinese and "3 号教室" in chinese and "Apertura" not in chinese
    english = client.get(f"/en/learn/offerings/{offering.pk}/").text
    assert "Apertura" in english and "Aula 3" in english  # no English given: as written
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/zh-hans/learn/offerings/{offering.pk}/sessions.ics").content
    )
    [event] = calendar.walk("VEVENT")
    assert "开课" in str(event["SUMMARY"]) and str(event["LOCATION"]) == "3 号教室"


def test_the_sessions_calendar_is_the_trainees_own(client, setup, two_institutions):
    offering = setup["offering"]
    sessions = [factories.session(offering, day=day, topic="Taller") for day in (1, 3)]
    response = client.get(f"/es/learn/offerings/{offering.pk}/sessions.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{offering.code}.ics"' in response["Content-Disposition"]
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [event["uid"] for event in events] == [f"session-{s.pk}@127.0.0.1" for s in sessions]
    assert events[0].decoded("dtstart") == sessions[0].starts_at
    assert str(events[0]["location"]) == "Aula 2" and "Taller" in str(events[0]["summary"])
    mine = icalendar.Calendar.from_ical(client.get("/es/learn/sessions.ics").content)
    assert len(mine.walk("VEVENT")) == 2

    other = factories.offering(factories.course(two_institutions[1]))
    factories.session(other)
    factories.enrolment(other)  # someone else's
    assert client.get(f"/es/learn/offerings/{other.pk}/sessions.ics").status_code == 404
    assert len(icalendar.Calendar.from_ical(
        client.get("/es/learn/sessions.ics").content).walk("VEVENT")) == 2  # fmt: skip
    setup["enrolment"].status = Enrolment.Status.WITHDRAWN
    setup["enrolment"].save()
    assert not icalendar.Calendar.from_ical(
        client.get("/es/learn/sessions.ics").content).walk("VEVENT")  # fmt: skip


def test_the_page_names_the_teachers_and_its_queries_do_not_grow_with_sessions(
    client, setup, two_institutions, django_assert_num_queries
):
    offering = setup["offering"]
    lead = factories.faculty_member(two_institutions[0], family_name="Ruiz", given_name="Ana")
    TeachingAssignment.objects.create(member=lead, offering=offering, role="lead", hours=10)
    factories.session(offering, day=0)
    url = f"/en/learn/offerings/{offering.pk}/"
    client.get(url)  # the site's caches warmed
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(1, 6):
        session = factories.session(offering, day=day * 2 - 5)
        Attendance.objects.create(enrolment=setup["enrolment"], session=session, status="present")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["teachers"] == [f"{lead} · Lead instructor"]
    assert f"Taught by {lead} · Lead instructor" in response.text
    with CaptureQueriesContext(connection) as feed:
        calendar = client.get("/en/learn/sessions.ics").content
    assert len(feed.captured_queries) == 4  # the session, the user, the trainee, the sessions
    assert b"DTSTART:" in calendar and all(  # times in UTC, stamped
        line.endswith(b"Z") for line in calendar.splitlines() if line.startswith((b"DT",))
    )
