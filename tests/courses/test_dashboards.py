"""The dashboard as each role's work queue: an author's drafts and pages returned for changes
with "New course" and "New material", a reviewer's empty queue, a teacher's next sessions and
gradebooks to fill; each panel with its count, or an empty state that says what to do."""

import pytest
from django.utils import timezone

from core.models import Role
from courses.models import CourseOffering, CoursePage
from tests import factories
from tests.browser.test_staff_menus import RAW
from tests.forms import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _home(client):
    return " ".join(visible_text(client.get("/admin/").text).split())


def test_an_author_sees_drafts_and_returned_pages_and_a_reviewer_what_awaits(
    client, two_institutions
):
    a = two_institutions[0]
    author = factories.in_english(factories.member(a, Role.COURSE_AUTHOR))
    reviewer = factories.in_english(factories.member(a, Role.REVIEWER))
    client.force_login(author)
    home = client.get("/admin/").text
    assert "Your drafts (0)" in _home(client) and "You have no unpublished drafts." in home
    assert f'href="/admin/pages/add/courses/coursepage/{a.root_page_id}/"' in home
    assert 'href="/admin/snippets/curriculum/teachingmaterial/add/"' in home

    course = factories.course(a)
    CoursePage.objects.filter(pk=course.pk).update(owner=author)
    course.summary = "Resumen nuevo"
    course.save_revision(user=author)
    assert "Your drafts (1)" in _home(client)

    client.force_login(reviewer)
    assert "Nothing awaits your review." in _home(client)
    course.get_workflow().start(course, author)
    assert "Nothing awaits your review." not in _home(client)  # Wagtail's own queue lists it
    state = CoursePage.objects.get(pk=course.pk).current_workflow_task_state
    state.task.specific.on_action(state, reviewer, "reject", comment="Falta la rúbrica.")

    client.force_login(author)
    home = _home(client)
    assert "Returned for changes (1)" in home and "Your drafts (0)" in home
    assert f"{course.title} The reviewer says: Falta la rúbrica." in home
    assert not RAW.findall(home)


def test_a_teacher_sees_their_next_sessions_and_the_gradebooks_to_fill(client, two_institutions):
    a = two_institutions[0]
    teacher = factories.in_english(factories.member(a, Role.FACULTY))
    client.force_login(teacher)
    home = _home(client)
    assert "Your next sessions (0)" in home and "No sessions ahead." in home
    assert "Every running offering you teach has its grades entered." in home

    offering = factories.offering(
        factories.course(a), status=CourseOffering.Status.RUNNING, starts_on=timezone.localdate()
    )
    member = factories.faculty_member(a, "full-time", term_=offering.term, user=teacher)
    member.assignments.create(offering=offering, role="lead", hours=10)
    factories.session(offering, day=2, topic="Entrevista inicial")
    factories.session(offering, day=-3)  # past: not listed
    factories.enrolment(offering)
    home = _home(client)
    assert "Your next sessions (1)" in home and "Entrevista inicial" in home
    assert "Gradebooks to fill (1)" in home and "1 trainee without a grade" in home
    assert not RAW.findall(home)
