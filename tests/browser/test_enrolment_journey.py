"""A new person's way from the home page to a seat, in each language, on a desktop and a phone:
the header's Courses link, a catalog card that says the next edition is open, the course page's
honest main action, one form that makes the account and the enrolment — one submission in all
— and the offering's page. Signing in and out return the person to the page they were on."""

import re

import pytest
from django.conf import settings

from courses.models import Enrolment
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.looking import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["es", "zh-hans", "en"]


# The catalog's address in each language: its slug is translated.
CATALOG = {"es": "/cursos/", "zh-hans": "/kecheng/", "en": "/courses/"}


def open_header_link(page, href_end):
    """Follow a header link, through the phone's menu when the header folds it away."""
    menu = page.locator(".site-header .menu-button")
    if menu.count() and menu.is_visible():
        menu.click()
    page.locator(f".site-header a[href$='{href_end}']").first.click()


def posts_of(page):
    """The forms the page submits from now on (their URLs), filled in as they go."""
    posted = []
    page.on("request", lambda request: request.method == "POST" and posted.append(request.url))
    return posted


def test_a_new_person_goes_from_the_home_page_to_a_seat_with_one_submission(browser, demo_server):
    for number, (language, (device, viewport)) in enumerate(
        (language, device) for language in LANGUAGES for device in VIEWPORTS.items()
    ):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(15_000)
        submissions = posts_of(page)
        step = f"enrol-{language}-{device}"

        page.goto(f"{demo_server.url}/{language}/")
        screenshot(page, f"{step}-1-home")
        open_header_link(page, CATALOG[language])
        page.wait_for_url(re.compile(rf"/{language}{CATALOG[language]}"))
        screenshot(page, f"{step}-2-catalog")
        assert serious_violations(page) == []
        page.locator(".card:has(.badge--open) .card__title a").first.click()
        main_action = page.locator("#next-edition .button").first
        assert re.search(r"\d", main_action.inner_text())  # its date and seats
        screenshot(page, f"{step}-3-course")
        assert serious_violations(page) == []
        main_action.click()
        page.wait_for_url(re.compile(r"/learn/offerings/\d+/join/$"))
        page.locator("#id_first_name").fill("Mei")
        page.locator("#id_last_name").fill(f"Chen {number}")
        page.locator("#id_email").fill(f"mei.chen.{number}@example.org")
        page.locator("#id_password1").fill(settings.DEMO_PASSWORD)
        page.locator("#id_password2").fill(settings.DEMO_PASSWORD)
        page.locator("#id_consents_to_data_use").check()
        screenshot(page, f"{step}-4-join")
        assert serious_violations(page) == []
        page.locator("main button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/learn/offerings/\d+/$"))
        screenshot(page, f"{step}-5-enrolled")
        assert serious_violations(page) == []
        assert len(submissions) == 1, submissions
        enrolment = Enrolment.objects.get(trainee__user__email=f"mei.chen.{number}@example.org")
        assert enrolment.status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
        context.close()


def test_signing_in_and_out_return_to_the_page_the_person_was_on(page, demo_server):
    course = f"{demo_server.url}/en/southwest-university/professional-ethics/"
    page.goto(course)
    open_header_link(page, "/accounts/login/?next=/en/southwest-university/professional-ethics/")
    page.locator("#id_username").fill("estudiante@praxis.example")
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(course)
    screenshot(page, "thread-1-signed-in")
    menu = page.locator(".site-header .menu-button")
    if menu.count() and menu.is_visible():
        menu.click()
    page.locator(".site-header form[action$='/logout/'] button").click()
    page.wait_for_url(course)
    assert page.locator(".site-header a[href*='/accounts/login/']").count()
    screenshot(page, "thread-2-signed-out")
