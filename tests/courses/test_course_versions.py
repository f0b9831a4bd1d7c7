"""An offering keeps the course version it opened with: a course published again mid-run
changes neither its gradebook, final scores, certificate hours, continuing-education credit nor
the figures reported; staff may move an offering to the new version only before anyone is
graded; the editor says which offerings keep their version before the author publishes."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import PageLogEntry

from assessment import figures, metrics
from core.publishing import revision_live_at
from courses import completion, learning, versions
from courses.models import ContinuingEducationRecord, CourseOffering, CoursePage, Grade
from curriculum.models import InstitutionPolicy
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def course(two_institutions):
    """Two units (4 theory, 6 practice, 2 supervision hours each); a case worth 60 % and an
    exam worth 40 %; 60 passes."""
    page = factories.course(two_institutions[0], title="Intervención en crisis")
    page.assessment = [
        ("component", {"name": "Caso", "method": "case-analysis", "weight": 60}),
        ("component", {"name": "Examen", "method": "exam", "weight": 40}),
    ]
    page.save_revision().publish()
    return CoursePage.objects.get(pk=page.pk)


def republish(course, **changes):
    """The author's next version: the exam alone counts, a third unit and a higher pass mark."""
    page = CoursePage.objects.get(pk=course.pk)
    case = next(i for i, block in enumerate(page.assessment) if block.value["name"] == "Caso")
    del page.assessment[case]
    page.assessment[0].value["weight"] = 100  # the same exam, by its stable block id
    page.units.append(factories.unit("Unidad nueva", theory=10, practice=0, supervision=0))
    page.pass_mark = Decimal(80)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def grade_everyone(offering, places, case, exam):
    ids = {name: pk for pk, name, _w in offering.course_taught.assessment_components()}
    completion.record_grades(
        offering,
        {
            **{(place.pk, ids["Caso"]): Decimal(case) for place in places},
            **{(place.pk, ids["Examen"]): Decimal(exam) for place in places},
        },
    )


def test_a_course_published_again_mid_run_leaves_the_running_offering_as_taught(
    course, client, two_institutions
):
    offering = factories.offering(course, status=CourseOffering.Status.RUNNING)
    factories.session(offering)
    places = [factories.enrolment(offering) for _ in range(2)]
    grade_everyone(offering, places, case=90, exam=40)  # 54 + 16 = 70: passes at 60

    republish(course)  # the exam alone, at 80: the same grades would fail

    offering = CourseOffering.objects.get(pk=offering.pk)
    assert [
        (name, weight) for _id, name, weight in offering.course_taught.assessment_components()
    ] == [
        ("Caso", 60),
        ("Examen", 40),
    ]
    client.force_login(factories.in_english(two_institutions[2]))
    gradebook = client.get(reverse("offerings:gradebook", args=[offering.pk]))
    assert "Caso (60 %)" in gradebook.text and "Examen (40 %)" in gradebook.text
    assert [s.final_score for s in completion.standings(offering)] == [Decimal("70.00")] * 2

    completion.record_attendance(offering.sessions.get(), {p.pk: "present" for p in places})
    completion.finish_offering(offering)
    for place in places:
        place.refresh_from_db()
        assert (place.status, place.final_score) == ("completed", Decimal("70.00"))
        assert place.certificates.get().hours == Decimal(24)  # not the 34 of the new version
    assert set(
        ContinuingEducationRecord.objects.filter(enrolment__in=places).values_list(
            "hours", flat=True
        )
    ) == {Decimal(24)}


def test_the_reported_figures_count_the_version_taught(course):
    offering, _places = factories.finished_offering(course, [("completed", 70)])
    republish(course)  # a third unit of theory only, and a pass mark of 80
    found = figures.compute(
        ["practice_share", "pass_rate"],
        [offering.institution_id],
        metrics.Period(date(2026, 1, 1), date(2026, 12, 31)),
    )
    assert found["practice_share"][offering.institution_id] == Decimal(16 * 100) / 24
    assert found["pass_rate"][offering.institution_id] == 100  # 70 passed at 60


def test_the_trainee_reads_and_prints_the_version_their_offering_teaches(course, client):
    policy = InstitutionPolicy.objects.create(
        institution=course.institution, kind="ethics", body="<p>Código de 2026.</p>"
    )
    policy.save_revision()  # a day before the offering opened
    policy.revisions.update(created_at=timezone.now() - timedelta(days=1))
    offering = factories.offering(course, status=CourseOffering.Status.RUNNING)
    place = factories.enrolment(offering)
    republish(course, title="Intervención en crisis (2027)")
    policy.body = "<p>Código de 2027.</p>"
    policy.save()
    policy.save_revision()  # the institution revised its code since

    client.force_login(place.trainee.user)
    page = client.get(reverse("courses:offering", args=[offering.pk]))
    assert "Unidad nueva" not in page.text and "Unidad 2" in page.text
    assert "The course has been revised since this offering opened" in page.text
    response = client.get(reverse("courses:offering_syllabus", args=[offering.pk]))
    pdf = io.BytesIO(b"".join(response.streaming_content))
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Unidad nueva" not in text and "Intervención en crisis (2027)" not in text
    assert "Código de 2026." in text and "Código de 2027." not in text
    assert "Unidad nueva" in client.get(course.url).text  # the course page shows the new one
    stranger = factories.trainee()
    client.force_login(stranger.user)
    assert client.get(reverse("courses:offering_syllabus", args=[offering.pk])).status_code == 404


def test_staff_move_an_open_offering_to_the_new_version_after_seeing_the_differences(
    course, client, two_institutions
):
    offering = factories.offering(course)
    place = factories.enrolment(offering)
    republish(course)
    client.force_login(factories.in_english(two_institutions[2]))

    url = reverse("offerings:version", args=[offering.pk])
    shown = client.get(url).text
    for seen in ("Caso", "not in this version", "Unidad nueva", "Total hours", "Pass mark"):
        assert seen in shown
    assert "Move to the published version" in shown

    response = client.post(url, follow=True)
    assert "now teaches the course as published on" in response.text
    offering.refresh_from_db()
    assert offering.course_revision_id == CoursePage.objects.get(pk=course.pk).live_revision_id
    assert [name for _id, name, _w in offering.course_taught.assessment_components()] == ["Examen"]
    new_unit = learning.course_read(offering).units[2]
    assert new_unit.value["title"] == "Unidad nueva"
    learning.mark_studied(place, new_unit.id)  # a unit of the version it now teaches
    assert list(place.studied_units.values_list("unit_id", flat=True)) == [new_unit.id]


def test_an_offering_with_grades_or_finished_keeps_its_version(course, client, two_institutions):
    graded = factories.offering(course, status=CourseOffering.Status.RUNNING)
    place = factories.enrolment(graded)
    grade_everyone(graded, [place], case=90, exam=40)
    finished, _places = factories.finished_offering(course, [("completed", 70)])
    before = {graded.pk: graded.course_revision_id, finished.pk: finished.course_revision_id}
    republish(course)
    client.force_login(factories.in_english(two_institutions[2]))

    for offering, why in ((graded, "has grades"), (finished, "is finished")):
        url = reverse("offerings:version", args=[offering.pk])
        page = client.get(url).text
        assert why in page and "Move to the published version" not in page
        assert why in client.post(url, follow=True).text
        assert CourseOffering.objects.get(pk=offering.pk).course_revision_id == before[offering.pk]
    with pytest.raises(versions.VersionError):
        versions.move_to_published_version(graded)
    # grades wait for a move under the same lock: one recorded after the check is refused
    assert Grade.objects.filter(enrolment=place).count() == 2


def test_another_institutions_offering_has_no_version_screen(course, client, two_institutions):
    offering = factories.offering(course)
    republish(course)
    client.force_login(two_institutions[3])
    assert client.get(reverse("offerings:version", args=[offering.pk])).status_code == 404
    assert client.post(reverse("offerings:version", args=[offering.pk])).status_code == 404


def test_the_editor_says_before_publishing_which_offerings_keep_their_version(
    course, client, two_institutions
):
    running = factories.offering(course, status=CourseOffering.Status.RUNNING, code="TS-RUN")
    grade_everyone(running, [factories.enrolment(running)], case=90, exam=40)
    opened = factories.offering(course, code="TS-OPEN")
    factories.offering(course, status=CourseOffering.Status.DRAFT, code="TS-DRAFT")
    client.force_login(factories.in_english(two_institutions[2]))

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).text
    assert "These 2 offerings keep the version they opened with" in editor
    assert "TS-RUN" in editor and "TS-OPEN" in editor and "TS-DRAFT" not in editor
    assert "it has grades, so it keeps its version" in editor
    assert "after publishing, staff may move it" in editor
    assert reverse("offerings:version", args=[running.pk]) not in editor

    republish(course)  # now the open offering may move, from here
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).text
    assert "staff may move it to the version published now" in editor
    assert reverse("offerings:version", args=[opened.pk]) in editor


def test_an_offering_pins_the_published_version_when_it_opens(course):
    draft = factories.offering(course, status=CourseOffering.Status.DRAFT)
    assert draft.course_revision is None
    republish(course)
    draft.status = CourseOffering.Status.OPEN
    draft.save(update_fields=["status"])
    draft.refresh_from_db()
    assert draft.course_revision_id == CoursePage.objects.get(pk=course.pk).live_revision_id
    assert draft.course_pinned_at is not None


def test_the_revision_live_at_a_moment_is_the_last_published_before_it(course):
    """The factory's first publish stays at today; the fixture's goes ten days back."""
    first = CoursePage.objects.get(pk=course.pk).live_revision
    second = republish(course).live_revision
    now = timezone.now()
    PageLogEntry.objects.filter(revision=first, action="wagtail.publish").update(
        timestamp=now - timedelta(days=10)
    )
    PageLogEntry.objects.filter(revision=second, action="wagtail.publish").update(timestamp=now)
    assert revision_live_at(course, now - timedelta(days=5)) == first
    assert revision_live_at(course, now + timedelta(days=1)) == second
    # before any publish: the first published after it
    assert revision_live_at(course, now - timedelta(days=20)) == first


def offering_form(offering, course):
    """The offering's edit form as posted, with `course` chosen."""
    return {
        "course": course.pk, "institution": offering.institution_id,
        "code": offering.code, "term": offering.term_id,
        "starts_on": offering.starts_on.isoformat(), "ends_on": offering.ends_on.isoformat(),
        "delivery_mode": offering.delivery_mode, "language": "es", "status": offering.status,
        "capacity": "10", "waitlist": "on",
        "enrolment_opens_at": "2026-01-01 09:00", "enrolment_closes_at": "2026-12-31 09:00",
        "sessions-TOTAL_FORMS": "0", "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip


def test_an_offering_given_another_course_pins_its_version_unless_someone_is_graded(
    course, client, two_institutions
):
    other = factories.course(two_institutions[0], title="Otro curso")
    offering = factories.offering(course, status=CourseOffering.Status.RUNNING)
    graded = factories.offering(course, status=CourseOffering.Status.RUNNING)
    grade_everyone(graded, [factories.enrolment(graded)], case=90, exam=40)
    client.force_login(factories.in_english(two_institutions[2]))

    moved = client.post(f"/admin/offerings/edit/{offering.pk}/", offering_form(offering, other))
    assert moved.status_code == 302
    offering.refresh_from_db()
    assert (offering.course_id, offering.course_revision_id) == (other.pk, other.live_revision_id)

    refused = client.post(f"/admin/offerings/edit/{graded.pk}/", offering_form(graded, other))
    assert refused.status_code == 200
    assert "have grades in its course&#x27;s components" in refused.text
    assert CourseOffering.objects.get(pk=graded.pk).course_id == course.pk
