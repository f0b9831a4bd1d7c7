"""Staff journeys that start where the person starts, on their dashboard, and end when the work
it pointed to is done: a teacher fills the gradebook it lists, a coordinator confirms the
allocation the waiting applications lead to. Every admin page on the way is looked at: axe
finds nothing serious and no raw value is printed."""

import re

import pytest

from courses.models import CourseOffering, Enrolment
from placements.models import AllocationRun, Placement
from tests.browser.looking import looked_at
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _count(page, panel):
    """The number a dashboard panel's heading shows."""
    heading = page.locator(f"#{panel}-heading").inner_text()
    return int(re.search(r"\((\d+)\)", heading).group(1))


def test_a_teacher_fills_the_gradebook_their_dashboard_lists(page, demo_server):
    base = demo_server.url
    offering = CourseOffering.objects.get(
        status=CourseOffering.Status.RUNNING,
        teaching_assignments__member__user__email="docente@praxis.example",
    )
    problems = []
    sign_in_to_the_editor(page, base, "docente@praxis.example")
    problems += looked_at(page, "teacher-dashboard")
    assert _count(page, "gradebooks-to-fill") == 1
    with page.expect_navigation():
        page.locator("#gradebooks-to-fill-section td.title a", has_text=offering.code).click()
    assert page.url.endswith(f"/admin/offerings/{offering.pk}/gradebook/")
    problems += looked_at(page, "teacher-gradebook")

    cells = page.locator("main input[name^='g-']")
    empty = [n for n in range(cells.count()) if cells.nth(n).input_value() == ""]
    assert empty
    for position, n in enumerate(empty):
        cells.nth(n).fill(str(55 + position % 40))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.locator(".messages .success").count() == 1
    problems += looked_at(page, "teacher-gradebook-saved")

    page.goto(base + "/admin/")
    assert _count(page, "gradebooks-to-fill") == 0
    problems += looked_at(page, "teacher-dashboard-done")
    components = len(offering.course.assessment_components())
    places = offering.enrolments.filter(status=Enrolment.Status.ENROLLED)
    assert all(place.grades.count() == components for place in places)
    assert problems == [], "\n".join(problems)


def test_a_coordinator_confirms_the_allocation_waiting_applications_lead_to(page, demo_server):
    base = demo_server.url
    run = AllocationRun.objects.get(status=AllocationRun.Status.PROPOSED)
    before = Placement.objects.count()
    problems = []
    sign_in_to_the_editor(page, base, "coordinadora@praxis.example")
    problems += looked_at(page, "coordinator-dashboard")
    assert _count(page, "applications-waiting") >= 1
    with page.expect_navigation():
        page.locator("#applications-waiting-section td.title a").first.click()
    problems += looked_at(page, "coordinator-allocations")
    with page.expect_navigation():
        page.locator(f"main a[href$='/allocations/inspect/{run.pk}/']").first.click()
    problems += looked_at(page, "coordinator-allocation-run")

    page.locator("main [data-a11y-dialog-show=confirm-allocation]").click()
    dialog = page.locator("#confirm-allocation")
    assert dialog.is_visible()
    problems += looked_at(page, "coordinator-allocation-confirm", within="#confirm-allocation")
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    assert page.locator(".messages .success").count() == 1
    problems += looked_at(page, "coordinator-allocation-confirmed")

    run.refresh_from_db()
    assert run.status == AllocationRun.Status.CONFIRMED
    assert Placement.objects.count() == before + run.typed_result["satisfaction"]["placed"]
    assert problems == [], "\n".join(problems)
