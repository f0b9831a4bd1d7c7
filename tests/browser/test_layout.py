"""The learning site's frame in a real browser: the header's Courses link in every language, a
compact header on a phone whose menu button opens the navigation, the catalog's and search's
results before their filters on a phone, and the profile's consent box big enough and beside
its label, at both sizes."""

import re

import pytest
from django.conf import settings

from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.looking import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRAINEE = "estudiante@praxis.example"


def sign_in(page, base, email=TRAINEE, language="es"):
    page.goto(f"{base}/{language}/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_the_header_leads_to_the_catalog_of_each_language_and_keeps_the_page_as_next(
    page, demo_server
):
    base = demo_server.url
    page.set_viewport_size(VIEWPORTS["desktop"])
    for language in ("es", "zh-hans", "en"):
        page.goto(f"{base}/{language}/")
        courses = page.locator(".site-sections a").first
        assert courses.is_visible()
        with page.expect_navigation():
            courses.click()
        assert page.url.startswith(f"{base}/{language}/")
        assert "template-catalog" in (page.locator("body").get_attribute("class") or "")
        assert page.locator(".site-sections a[aria-current=page]").count() == 1
        here = page.url.removeprefix(base)
        login = page.locator(".site-nav a[href*='/accounts/login/']")
        assert login.get_attribute("href").endswith("?next=" + here)
    assert page.locator(".menu-button").is_hidden()  # the desktop shows everything
    assert page.locator(".filter-jump").is_hidden()
    assert page.locator("#filters-title").is_visible()  # the filters stand beside the results
    screenshot(page, "layout-catalog-desktop-en")
    assert serious_violations(page) == []


# What the header's account navigation offers each person: a trainee their own pages, an
# evaluator (staff who do not train) the editor.
OWN_PAGES = {
    TRAINEE: {"/learn/": True, "/learn/placements/": True, "/admin/": False},
    "evaluador@praxis.example": {"/learn/": False, "/learn/placements/": False, "/admin/": True},
}


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_header_offers_a_trainee_their_own_pages_and_staff_the_editor(
    browser, demo_server, size
):
    base = demo_server.url
    for email, expected in OWN_PAGES.items():
        for language in ("es", "zh-hans", "en"):
            context = browser.new_context(viewport=VIEWPORTS[size])
            page = context.new_page()
            sign_in(page, base, email, language)
            page.goto(f"{base}/{language}/")
            if size == "phone":
                page.locator(".menu-button").click()
            links = page.locator(".site-nav a")
            shown = {
                path: any(
                    (links.nth(i).get_attribute("href") or "").endswith(path)
                    and links.nth(i).is_visible()
                    for i in range(links.count())
                )
                for path in expected
            }
            assert shown == expected, (email, language, size)
            assert "None" not in page.locator(".site-header").inner_text()
            screenshot(page, f"layout-header-{email.split('@')[0]}-{language}-{size}")
            if language == "es":
                assert serious_violations(page) == []
            context.close()


def test_on_a_phone_the_header_is_compact_and_the_results_come_before_the_filters(
    page, demo_server
):
    base = demo_server.url
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(base + "/es/cursos/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 168  # at most a fifth of the screen
    button = page.locator(".menu-button")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator("#site-search-q").is_hidden()
    screenshot(page, "layout-catalog-phone")

    jump = page.locator(".filter-jump a")
    assert re.search(r"\(0\)", jump.inner_text())
    first_card = page.locator(".cards > li").first.bounding_box()
    assert first_card["y"] < VIEWPORTS["phone"]["height"]  # a course on the first screen
    filters = page.locator("#filters-title").bounding_box()
    assert filters["y"] > first_card["y"]  # the filters follow the results
    jump.click()
    with page.expect_navigation():
        page.locator(".catalog__filters .facet__option").first.click()
    assert re.search(r"\(1\)", page.locator(".filter-jump a").inner_text())
    assert page.locator(".cards > li").first.bounding_box()["y"] < VIEWPORTS["phone"]["height"]

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-search-q").is_visible()
    assert page.locator(".language-switcher a[hreflang=en]").is_visible()
    assert page.locator(".site-nav a[href*='/accounts/signup/']").is_visible()
    screenshot(page, "layout-menu-open-phone")
    assert serious_violations(page) == []
    button.press("Enter")  # keyboard closes it again
    assert button.get_attribute("aria-expanded") == "false"

    page.goto(base + "/es/search/?q=trabajo+social")
    assert page.locator(".filter-jump").is_visible()
    assert page.locator(".search-result").first.bounding_box()["y"] < VIEWPORTS["phone"]["height"]
    screenshot(page, "layout-search-phone")
    assert serious_violations(page) == []


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_consent_box_is_big_enough_and_beside_its_label(page, demo_server, size):
    base = demo_server.url
    page.set_viewport_size(VIEWPORTS[size])
    sign_in(page, base)
    page.goto(base + "/es/learn/profile/")
    box = page.locator("#id_consents_to_data_use").bounding_box()
    label = page.locator("label[for=id_consents_to_data_use]").bounding_box()
    assert box["width"] >= 20 and box["height"] >= 20
    gap = label["x"] - (box["x"] + box["width"])
    assert 0 <= gap <= 24  # just right of the box
    assert label["y"] <= box["y"] + box["height"] and box["y"] <= label["y"] + label["height"]
    assert page.locator("#id_region option").first.inner_text() != "---------"
    screenshot(page, f"layout-profile-{size}")
    assert serious_violations(page) == []

    page.goto(base + "/es/accounts/my-data/")
    kinds = page.locator("main table tbody th").all_inner_texts()
    assert kinds and len(set(kinds)) == len(kinds)
    assert page.get_by_role("button", name=re.compile("Borrar|Eliminar|Erase")).is_visible()
    screenshot(page, f"layout-my-data-{size}")
    assert serious_violations(page) == []
