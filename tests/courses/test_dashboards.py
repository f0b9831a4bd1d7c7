"""The dashboard as each role's work queue: an author's drafts and pages returned for changes
with "New course" and "New material", a reviewer's empty queue, a teacher's next sessions and
gradebooks to fill; each panel with its count, or an empty state that says what to do."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Role
from courses.models import CourseOffering, CoursePage
from tests import factories
from tests.browser.looking import RAW
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
    returned = _act_from_the_dashboard(client, course, "reject", comment="Falta la rúbrica.")
    assert f"Changes requested on “{course.title}”: it goes back to its author." in returned

    client.force_login(author)
    home = _home(client)
    assert "Returned for changes (1)" in home and "Your drafts (0)" in home
    assert f"{course.title} The reviewer says: Falta la rúbrica." in home
    assert not RAW.findall(home)

    CoursePage.objects.get(pk=course.pk).current_workflow_state.resume(author)  # resubmitted
    client.force_login(reviewer)
    approved = _act_from_the_dashboard(client, course, "approve")
    assert f"“{course.title}” is approved and published." in approved
    assert CoursePage.objects.get(pk=course.pk).live_revision.content["summary"] == "Resumen nuevo"


def _act_from_the_dashboard(client, course, action, **data):
    """What the review panel's button posts, and the dashboard it returns to."""
    state = CoursePage.objects.get(pk=course.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, action, state.pk])
    response = client.post(url, {**data, "next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    return " ".join(visible_text(response.text).split())


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
    waiting, graded = factories.enrolment(offering), factories.enrolment(offering)
    [(exam, _name, _weight)] = offering.course.assessment_components()
    graded.grades.create(component_id=exam, score=80)
    waiting.grades.create(component_id="a-component-since-removed", score=70)
    home = _home(client)
    assert "Your next sessions (1)" in home and "Entrevista inicial" in home
    assert "Gradebooks to fill (1)" in home and "1 trainee still missing a grade" in home
    assert not RAW.findall(home)

    waiting.grades.create(component_id=exam, score=65)
    assert "Gradebooks to fill (0)" in _home(client)
