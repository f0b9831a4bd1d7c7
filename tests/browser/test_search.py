"""Searching the demo from the header box, as a visitor would."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.looking import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_searches_narrows_by_kind_and_follows_a_result(page, demo_server):
    page.goto(demo_server.url + "/es/")
    page.get_by_role("searchbox", name="Buscar cursos, planes de estudio y materiales").fill(
        "intervencion crisis"
    )
    page.get_by_role("searchbox", name="Buscar cursos, planes de estudio y materiales").press(
        "Enter"
    )
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()  # Enter starts the navigation; wait for its page
    assert page.locator(".search-result mark").first.inner_text().lower().startswith("interven")
    page.get_by_role("navigation", name="Tipos de resultado").get_by_role(
        "link", name="Cursos"
    ).click()
    assert set(page.locator(".search-result .tag").all_inner_texts()) == {"Curso"}
    page.locator(".search-result h3 a").first.click()
    assert "/universidad-del-suroeste/" in page.url or page.locator("h1").count() == 1


def test_a_misspelt_search_offers_the_right_words(page, demo_server):
    page.goto(demo_server.url + "/es/search/?q=supervisoin")
    suggestion = page.locator(".search-suggestion a")
    assert suggestion.inner_text() == "supervisión"
    suggestion.click()
    expect(page.locator(".search-result").first).to_be_visible()


def test_chinese_searches_find_chinese_materials(page, demo_server):
    page.goto(demo_server.url + "/zh-hans/search/?q=社会工作")
    assert "社会工作者职业伦理案例集" in page.locator(".search-results").inner_text()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_search_results_and_their_filters_read_well_in_every_language(page, demo_server, size):
    """The results page with its kinds and facets, as a visitor sees it in each language: facet
    values named (not numbers), each with its count, and nothing axe finds serious."""
    page.set_viewport_size(VIEWPORTS[size])
    problems = []
    for language, query in (("es", "intervencion"), ("zh-hans", "社会工作"), ("en", "social")):
        page.goto(f"{demo_server.url}/{language}/search/?q={query}")
        expect(page.locator(".search-result").first).to_be_visible()
        if size == "desktop":
            labels = page.locator(".facet__option > span:first-child").all_inner_texts()
            assert labels and not any(label.strip().isdigit() for label in labels), language
        problems += looked_at(page, f"search-{language}-{size}")
    assert not problems, problems
