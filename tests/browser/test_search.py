"""Searching the demo from the header box, as a visitor would."""

import pytest
from playwright.sync_api import expect

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
