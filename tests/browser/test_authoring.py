"""A course's way from the editor to the catalog: an author starts it from their dashboard,
writes it with two units and submits it; a reviewer of the same institution approves it from
theirs; trainees find it by its field. Every admin page on the way is looked at: axe finds
nothing serious and no raw value is printed."""

import pytest
from django.conf import settings

from core.models import Institution
from courses.models import CoursePage
from curriculum.models import TrainingTier
from tests.browser.looking import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in_to_the_editor(page, base_url, email):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(base_url + "/admin/")


def approve_from_the_dashboard(browser, base_url, email, title, looked_as):
    """A reviewer, in a browser of their own, approves `title` from their dashboard's review
    panel: what looking found on the dashboard and the page the approval returns to, and the
    message it gave."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    review = context.new_page()
    sign_in_to_the_editor(review, base_url, email)
    problems = looked_at(review, f"{looked_as}-dashboard")
    row = review.locator("#awaiting-review-section tr", has_text=title)
    row.locator(".w-dropdown__toggle").click()
    with review.expect_navigation():
        row.locator("[data-workflow-action-url*='/approve/']:not([data-launch-modal])").click()
    assert review.url == f"{base_url}/admin/"
    message = review.locator(".messages .success").inner_text()
    problems += looked_at(review, f"{looked_as}-approved")
    context.close()
    return problems, message


def test_an_author_writes_a_course_a_reviewer_approves_it_and_it_reaches_the_catalog(
    browser, page, demo_server
):
    base = demo_server.url
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            # The strict policy is only reported in the editor; what counts is what is blocked.
            if "Content Security Policy" in message.text and "report-only" not in message.text
            else None
        ),
    )
    institution = Institution.objects.get(slug="universidad-del-suroeste")
    problems = []

    sign_in_to_the_editor(page, base, "autora@praxis.example")
    problems += looked_at(page, "author-dashboard")
    with page.expect_navigation():
        page.locator("#my-drafts-section a.button").first.click()  # New course
    assert page.url == f"{base}/admin/pages/add/courses/coursepage/{institution.root_page_id}/"
    problems += looked_at(page, "author-new-course")
    page.locator("#id_title").fill("Trabajo social escolar")
    page.locator("#id_code").fill("TS-410")
    page.locator("#id_summary").fill("Acompañar al alumnado y a sus familias desde la escuela.")
    page.locator("#id_service_fields input[type=checkbox]").nth(7).check()  # school social work
    page.locator("#id_tier").select_option(
        str(TrainingTier.objects.get(code="formal-education").pk)
    )
    page.locator("#id_outcomes-0-text").fill("Detectar situaciones de riesgo en la escuela")
    for number in range(2):
        page.locator("[data-contentpath=units] .c-sf-add-button").last.click()
        page.locator(f"#units-{number}-value-title").fill(f"Unidad {number + 1}")
        page.locator(f"#units-{number}-value-theory_hours").fill("4")
        page.locator(f"#units-{number}-value-practice_hours").fill("6")
    page.locator("[data-contentpath=assessment] .c-sf-add-button").last.click()
    page.locator("#assessment-0-value-name").fill("Análisis de caso")
    page.locator("#assessment-0-value-method").select_option("case-analysis")
    # Looked at before the last input: Wagtail's autosave, stirred by the full-page picture,
    # could otherwise create the draft just as the form is submitted, and the course twice.
    problems += looked_at(page, "author-course-filled")
    page.locator("#assessment-0-value-weight").fill("100")
    page.locator("footer .w-dropdown__toggle").first.click()
    assert page.locator("button[name=action-publish]").count() == 0  # authors cannot publish
    page.locator("button[name=action-submit]").click()
    page.wait_for_url(f"{base}/admin/pages/{institution.root_page_id}/")
    problems += looked_at(page, "author-submitted")

    assert blocked == []  # the editor's own scripts all ran
    course = CoursePage.objects.get(code="TS-410", locale__language_code="es")
    assert not course.live and course.current_workflow_state is not None

    seen, message = approve_from_the_dashboard(
        browser, base, "revisor@praxis.example", "Trabajo social escolar", "reviewer"
    )
    assert "Trabajo social escolar" in message
    problems += seen

    course.refresh_from_db()
    assert course.live
    assert problems == [], "\n".join(problems)
    page.goto(base + "/es/cursos/")
    page.get_by_role("link", name="Asesoramiento educativo (trabajo social escolar)").click()
    results = page.locator(".catalog__results")
    assert "Trabajo social escolar" in results.inner_text()
    assert (
        page.locator(".catalog__results .card").count()
        == CoursePage.objects.filter(
            live=True, locale__language_code="es", service_fields__code="school"
        ).count()
    )
