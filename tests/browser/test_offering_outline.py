"""The demo trainee's offering page as a course outline, in a real browser, on a desktop and on
a phone, in Spanish and in English: from My learning to the running offering, the next session
marked, a text material read with its accents, the sessions saved as a calendar file; then a
withdrawal from the open offering through its confirmation page, and history saying so."""

import re
from pathlib import Path

import icalendar
import pytest
from django.conf import settings

from courses.models import CourseOffering, Enrolment
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.looking import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "estudiante@praxis.example"


def offering_of(status):
    return (
        Enrolment.objects.select_related("offering")
        .get(trainee__user__email=EMAIL, offering__status=status)
        .offering
    )


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_trainee_follows_the_outline_and_withdraws_after_confirming(
    browser, demo_server, viewport, language
):
    base, name = f"{demo_server.url}/{language}", f"outline-{viewport}-{language}"
    running, open_ = offering_of(CourseOffering.Status.RUNNING), offering_of("open")
    page = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    page.goto(base + "/learn/")
    with page.expect_navigation():
        page.locator(f"main a[href$='/learn/offerings/{running.pk}/']").first.click()
    next_session = page.locator(".session--next")
    assert next_session.count() == 1 and next_session.locator("time").is_visible()
    assert page.locator(".sessions--past .session").count() >= 1  # the term has begun
    if language == "en":
        assert "Next session" in next_session.text_content()
    assert serious_violations(page) == []
    screenshot(page, f"{name}-1-offering")

    links = page.locator("main a[href*='/materials/']")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    assert len(hrefs) == len(set(hrefs)), "a material listed twice"
    head = page.request.head
    kinds = {href: head(demo_server.url + href, max_redirects=0).headers for href in hrefs}
    text = next(href for href in hrefs if "text/plain" in kinds[href].get("content-type", ""))
    page.goto(demo_server.url + text)
    assert "Material de demostración de Praxis." in page.inner_text("body")
    screenshot(page, f"{name}-2-material")
    page.go_back()

    with page.expect_download() as download:
        page.locator("a[href$='/sessions.ics']").click()
    assert download.value.suggested_filename == f"{running.code}.ics"
    events = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert len(events) == running.sessions.count()
    assert all(str(event["summary"]).startswith(running.code) for event in events)

    page.goto(f"{base}/learn/offerings/{open_.pk}/")
    with page.expect_navigation():
        page.locator(f"a[href$='/learn/offerings/{open_.pk}/withdraw/']").click()
    assert page.locator("main h1").is_visible()
    assert serious_violations(page) == []
    screenshot(page, f"{name}-3-withdraw")
    assert Enrolment.objects.get(trainee__user__email=EMAIL, offering=open_).status != "withdrawn"
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/learn/$"))
    row = page.locator("#past-title ~ div tr", has_text=open_.code)
    assert row.count() == 1
    if language == "en":
        assert "Withdrawn on" in row.inner_text()
    assert Enrolment.objects.get(trainee__user__email=EMAIL, offering=open_).status == "withdrawn"
    assert serious_violations(page) == []
    screenshot(page, f"{name}-4-history")
