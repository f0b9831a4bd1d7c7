"""A placement week in real browsers, the trainee and the agency supervisor on phones: the
trainee logs hours and submits them, the coordinator sends the agency supervisor a link for
the week, the supervisor approves from the phone without an account, and the coordinator
sees the hours and the supervision compliance in the term report."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

from core.models import User
from placements import links, services
from placements.models import HoursEntry, Placement, PlacementEvaluation
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.looking import looked_at, serious_violations
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_trainee_logs_hours_the_agency_supervisor_approves_by_link_on_a_phone(
    browser, demo_server
):
    base = demo_server.url
    placement = Placement.objects.get(trainee__user__email="estudiante@praxis.example")
    trainee = browser.new_context(**PHONE).new_page()
    trainee.goto(base + "/es/accounts/login/")
    trainee.locator("#id_username").fill("estudiante@praxis.example")
    trainee.locator("#id_password").fill(settings.DEMO_PASSWORD)
    with trainee.expect_navigation():
        trainee.locator("main button[type=submit]").click()
    trainee.goto(base + "/es/learn/placements/")
    trainee.locator(f"a[href$='/learn/placements/{placement.pk}/']").first.click()
    day = _today() - timedelta(days=1)  # the evening before: hours are logged once worked
    trainee.locator("#id_date").fill(day.isoformat())
    trainee.locator("#id_starts_at").fill("19:00")
    trainee.locator("#id_ends_at").fill("21:00")
    trainee.locator("#id_activities").fill("Registro de las entrevistas del día.")
    with trainee.expect_navigation():
        trainee.get_by_role("button", name="Guardar como borrador").click()
    assert "Registro de las entrevistas del día." in trainee.content()
    assert serious_violations(trainee) == []
    with trainee.expect_navigation():
        trainee.get_by_role("button", name="Enviar para aprobación").click()
    assert HoursEntry.objects.get(placement=placement, starts_at="19:00").state == "submitted"

    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_to_the_editor(coordinator, base, "coordinadora@praxis.example")
    coordinator.goto(f"{base}/admin/placements/inspect/{placement.pk}/")
    coordinator.locator("#id_link-week_of").fill(day.isoformat())
    with coordinator.expect_navigation():
        coordinator.locator("form:has(#id_link-purpose) button[type=submit]").click()
    link = re.search(r"/[a-z-]+/supervise/[^\s/]+/", coordinator.locator(".messages").inner_text())
    before = services.approved_hours(placement)
    week = services.week_entries(placement, services.week_of(day))
    waiting = sum(entry.hours for entry in week.filter(state="submitted"))

    supervisor = browser.new_context(**PHONE).new_page()
    supervisor.goto(base + link.group(0))
    assert "19:00" in supervisor.content()
    assert serious_violations(supervisor) == []
    with supervisor.expect_navigation():
        supervisor.locator("main form button[type=submit]").click()
    assert supervisor.locator(".message--success").count() == 2  # thanks, and the link is done
    approved = services.approved_hours(placement)
    assert approved == before + waiting
    assert not week.filter(state="submitted").exists()

    coordinator.goto(
        f"{base}/admin/placement-report/?institution={placement.institution_id}"
        f"&term={placement.term_id}"
    )
    row = coordinator.locator("tr", has_text=str(placement.trainee)).inner_text()
    assert f"{approved.normalize():f}" in row
    assert coordinator.locator("#compliance").is_visible()


def _today():
    from django.utils import timezone

    return timezone.localdate()


def test_an_agency_supervisor_rates_every_competency_by_link_in_each_language(browser, demo_server):
    """The evaluation form reached from a link: nothing rated says so at each competency;
    every competency rated is recorded, in each language and on a desktop and a phone."""
    placement = Placement.objects.get(trainee__user__email="estudiante@praxis.example")
    competencies = len(services.competencies_of(placement))
    signed_off = placement.evaluations.exclude(signed_off_at=None).values_list("stage", flat=True)
    stage = next(s for s in PlacementEvaluation.Stage.values if s not in signed_off)
    problems = []
    for language in ("es", "zh-hans", "en"):
        for size, viewport in VIEWPORTS.items():
            _link, token = links.create_link(placement, "evaluate", user=None, stage=stage)
            page = browser.new_context(viewport=viewport).new_page()
            page.goto(f"{demo_server.url}/{language}/supervise/{token}/")
            with page.expect_navigation():
                page.locator("main button[type=submit]").click()
            if page.locator(".field__errors").count() != competencies:
                problems.append(f"{language} {size}: the missing ratings are not all marked")
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                problems.append(f"{language} {size}: wider than the screen")
            if size == "desktop":
                problems += [f"{language} {size}: {v}" for v in serious_violations(page)]
            screenshot(page, f"supervise-evaluation-unrated-{language}-{size}")
            for group in page.locator("main fieldset").all():
                group.locator("input[type=radio]").last.check()
            with page.expect_navigation():
                page.locator("main button[type=submit]").click()
            if page.locator(".message--success").count() == 0:
                problems.append(f"{language} {size}: the evaluation was not recorded")
            screenshot(page, f"supervise-evaluation-sent-{language}-{size}")
            page.context.close()
    assert problems == []
    assert placement.evaluations.get(stage=stage).ratings.count() == competencies


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_coordinator_terminates_a_placement_after_saying_why(browser, demo_server, size):
    base = demo_server.url
    placement = Placement.objects.filter(status=Placement.Status.IN_PROGRESS).order_by("pk")[0]
    page = browser.new_context(viewport=VIEWPORTS[size]).new_page()
    sign_in_to_the_editor(page, base, "coordinadora@praxis.example")
    page.goto(f"{base}/admin/placements/inspect/{placement.pk}/")
    page.locator("main [data-a11y-dialog-show=confirm-complete]").click()
    assert page.locator("#confirm-complete").is_visible()
    page.locator("#confirm-complete button[data-action='w-dialog#hide']").last.click()
    page.locator("main [data-a11y-dialog-show=confirm-terminate]").click()
    dialog = page.locator("#confirm-terminate")
    reason = dialog.get_by_label(re.compile("Reason|Motivo|原因"))
    assert reason.is_visible()
    assert serious_violations(page, within="#confirm-terminate") == []
    screenshot(page, f"placement-terminate-confirm-{size}")
    reason.fill("La persona en prácticas se traslada a otra ciudad")
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    assert page.locator(".messages .success").count() == 1
    placement.refresh_from_db()
    assert placement.status == Placement.Status.TERMINATED


def test_a_coordinator_approves_waiting_weeks_from_the_dashboard(page, demo_server):
    """From the dashboard's count to the queue: two weeks ticked, approved together, and the
    dashboard counts two fewer."""
    base = demo_server.url
    coordinator = User.objects.get(email="coordinadora@praxis.example")
    UserProfile.objects.update_or_create(user=coordinator, defaults={"preferred_language": "es"})
    sign_in_to_the_editor(page, base, coordinator.email)
    problems = looked_at(page, "hours-dashboard-es-desktop")
    heading = page.locator("#hours-waiting-heading")
    before = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    assert before >= 2
    with page.expect_navigation():
        page.locator("#hours-waiting-section a.button").click()
    problems += looked_at(page, "hours-queue-es-desktop")
    boxes = page.locator("main input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Aprobar las semanas marcadas").click()
    assert "2 semanas aprobadas" in page.locator(".messages").inner_text()
    problems += looked_at(page, "hours-queue-approved-es-desktop")
    page.goto(base + "/admin/")
    after = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    assert after == before - 2
    assert problems == [], "\n".join(problems)
