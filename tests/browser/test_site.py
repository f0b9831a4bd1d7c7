"""Journeys in a real browser, each page checked with axe-core for WCAG 2.2 AA."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from core.models import Membership, Region, User
from tests.browser.looking import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OWN_INSTITUTION = "universidad-del-suroeste"  # institucion@praxis.example administers it
# The learning site's pages in each language, visited in one test on one copy of the demo.
AXE_PATHS = [
    "/es/",
    "/zh-hans/",
    "/en/",
    "/es/acerca-de/",
    "/zh-hans/xinan-daxue/",
    "/es/universidad-del-suroeste/intervencion-en-crisis/",
    "/en/southwest-university/crisis-intervention/",
    "/en/southwest-university/entrevista-motivacional/",
    "/es/cursos/?field=mental-health",
    "/zh-hans/kecheng/",
    "/en/courses/?field=mental-health",
    "/zh-hans/benke-jingshen-jiankang-sichuan/",
    "/es/plan-grado-salud-mental-sichuan/",
    "/es/accounts/login/",
    "/en/accounts/signup/",
    "/es/accounts/password-reset/",
    "/es/no-existe/",
    "/es/search/?q=intervencion",
    "/zh-hans/search/?q=社会工作",
    "/en/search/?q=xyzzy",
]


def test_every_page_has_no_serious_accessibility_violations(page, demo_server):
    found = {}
    for path in AXE_PATHS:
        page.goto(demo_server.url + path)
        found[path] = serious_violations(page)
    assert {path: problems for path, problems in found.items() if problems} == {}


def test_narrow_screens_do_not_scroll_sideways(page, demo_server):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in (
        "/es/",
        "/zh-hans/xinan-daxue/",
        "/es/accounts/signup/",
        "/es/search/?q=intervencion",
    ):
        page.goto(demo_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page, demo_server):
    page.goto(demo_server.url + "/es/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Saltar al contenido principal"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def visible_strings(page):
    """Every piece of visible text on the page, one per text node."""
    return set(
        page.evaluate(
            """() => {
                const out = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const node = walker.currentNode;
                    const text = node.textContent.trim();
                    const el = node.parentElement;
                    if (!text || !el || !el.checkVisibility()) continue;
                    // The switcher names each language in that language.
                    if (el.closest('.language-switcher')) continue;
                    out.push(text);
                }
                return out;
            }"""
        )
    )


def test_switching_language_changes_every_visible_string(page, demo_server):
    # Proper names stay as they are in every language: the brand and place names.
    names = {"Praxis"} | {str(region) for region in Region.objects.all()}
    names |= {"·"}
    page.goto(demo_server.url + "/es/")
    spanish = visible_strings(page) - names

    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="中文（简体）").click()
    page.wait_for_url(re.compile(r"/zh-hans/$"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    chinese = visible_strings(page) - names

    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    english = visible_strings(page) - names

    assert spanish & chinese == set(), "not translated into Chinese"
    assert spanish & english == set(), "not translated into English"
    assert chinese & english == set()


def test_a_visitor_signs_up_then_signs_out_and_in_again(page, demo_server):
    page.goto(demo_server.url + "/en/")
    page.get_by_role("link", name="Create a trainee account").click()
    page.get_by_label("First name").fill("Mei")
    page.get_by_label("Last name").fill("Chen")
    page.get_by_label("E-mail address").fill("mei.chen@example.org")
    page.locator("#id_password1").fill("practica-supervisada-2026")
    page.locator("#id_password2").fill("practica-supervisada-2026")
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Your account is ready").wait_for()
    assert User.objects.filter(email="mei.chen@example.org", is_staff=False).exists()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("E-mail address").fill("mei.chen@example.org")
    page.locator("#id_password").fill("practica-supervisada-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as Mei").wait_for()


def test_sign_up_errors_are_announced_next_to_their_fields(page, demo_server):
    page.goto(demo_server.url + "/es/accounts/signup/")
    page.get_by_role("button", name="Crear cuenta").click()
    errors = page.locator(".field__errors")
    expect(errors.first).to_be_visible()  # the click starts the navigation; wait for its page
    assert errors.count() >= 4
    assert serious_violations(page) == []


def test_an_institution_admin_works_in_the_editor_with_nothing_from_the_internet(page, demo_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(demo_server.url + "/admin/")
    page.locator("#id_username").fill("institucion@praxis.example")
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(demo_server.url + "/admin/")

    page.goto(demo_server.url + "/admin/memberships/")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == Membership.objects.filter(institution__slug=OWN_INSTITUTION).count()
    assert "Kunming" not in page.locator("table.listing").inner_text()
    page.goto(demo_server.url + "/es/")  # the learning site with the editor's link

    elsewhere = [url for url in requested if not url.startswith((demo_server.url, "data:"))]
    assert elsewhere == []
