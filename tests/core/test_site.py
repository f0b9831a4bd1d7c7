import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.views.defaults import server_error

from core import demo
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(db):
    demo.load()


@pytest.mark.parametrize(
    ("prefix", "expected", "institution"),
    [
        ("es", "Formar a quienes acompañan", "Universidad del Suroeste"),
        ("zh-hans", "培养陪伴他人的专业力量", "西南大学社会工作学院"),
        ("en", "Training the people who stand beside others", "Southwest University"),
    ],
)
def test_home_page_in_each_language(
    client, demo_site, prefix, expected, institution, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    assert expected in response.text
    assert f'<html lang="{prefix}">' in response.text
    assert institution in response.text


def test_home_page_queries_do_not_grow_with_the_number_of_institutions(client, demo_site):
    def queries_for_home_page():
        client.get("/es/")  # warm the site and locale caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/es/")
        return len(captured), response.text.count('class="card card--link"')

    queries, cards = queries_for_home_page()
    for _ in range(3):
        factories.institution()
    assert queries_for_home_page() == (queries, cards + 3)


def test_root_redirects_to_the_default_language(client, demo_site):
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/es/"


def test_institution_page_shows_the_institutions_facts(client, demo_site):
    response = client.get("/en/southwest-university/")
    assert response.status_code == 200
    assert "Sichuan › Chengdu › Wuhou" in response.text
    chinese = client.get("/zh-hans/xinan-daxue/")
    assert "四川省 › 成都市 › 武侯区" in chinese.text
    assert "trabajo.social@suroeste.example.edu" in response.text


def test_language_switcher_links_to_the_same_page_in_each_language(client, demo_site):
    response = client.get("/es/acerca-de/")
    for href in ('href="/zh-hans/guanyu/"', 'href="/en/about/"'):
        assert href in response.text
    kept = client.get("/es/acerca-de/?field=mental-health&page=2")
    for href in (
        'href="/zh-hans/guanyu/?field=mental-health&amp;page=2"',
        'href="/en/about/?field=mental-health&amp;page=2"',
    ):
        assert href in kept.text  # a catalog's filters and page stay as they were


@pytest.mark.parametrize("path", ["/xx/", "/es/no-existe/", "/zz-zz/acerca-de/"])
def test_unknown_pages_and_languages_get_a_friendly_404(client, demo_site, path):
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert "No hemos podido encontrar esa página" in response.text  # Spanish is the default


def test_server_error_page_renders_without_a_request_context(home):
    with translation.override("en"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content or b"algo ha fallado" in response.content


def test_empty_home_page_says_how_to_add_institutions(client, home):
    response = client.get("/es/")
    assert response.status_code == 200
    assert "empty-state" in response.text


def test_staff_see_a_link_to_the_editor(client, home):
    institution = factories.institution()
    client.force_login(factories.member(institution))
    assert 'href="/admin/"' in client.get("/es/").text


def script_sources(policy):
    return policy.split("script-src")[1].split(";")[0].split()


def test_the_editor_may_run_inline_scripts_and_the_learning_site_may_not(client, home):
    """The learning site enforces the strict policy; the editor enforces one with inline
    scripts and reports what the strict one would block."""
    client.force_login(factories.member(factories.institution()))
    site = client.get("/es/").headers
    editor = client.get("/admin/").headers
    assert "'unsafe-inline'" not in script_sources(site["Content-Security-Policy"])
    assert "Content-Security-Policy-Report-Only" not in site
    assert "'unsafe-inline'" in script_sources(editor["Content-Security-Policy"])
    assert script_sources(editor["Content-Security-Policy-Report-Only"]) == ["'self'"]
