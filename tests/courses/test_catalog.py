"""The catalog lists every institution's live courses, filtered by facets with counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.services import alias_in_every_locale, default_home_page
from courses.filters import FACETS
from courses.models import CourseIndexPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(two_institutions):
    page = CourseIndexPage(title="Catálogo de cursos", slug="cursos")
    default_home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def facet(response, name):
    return next(f for f in response.context["facets"] if f["name"] == name)


def test_the_catalog_filters_by_field_and_counts_what_each_choice_gives(
    client, two_institutions, catalog
):
    a, b = two_institutions[0], two_institutions[1]
    factories.course(a, title="Salud mental comunitaria", fields=("mental-health", "community"))
    factories.course(a, title="Mediación vecinal", fields=("dispute-mediation",))
    factories.course(b, title="Crisis y emergencias", fields=("mental-health", "emergency"))

    response = client.get(catalog.url, {"field": "mental-health"})
    assert response.status_code == 200
    titles = [course.title for course in response.context["page_obj"]]
    assert titles == ["Crisis y emergencias", "Salud mental comunitaria"]
    fields = {o["value"]: o["count"] for o in facet(response, "field")["options"]}
    assert fields == {"mental-health": 2, "community": 1, "dispute-mediation": 1, "emergency": 1}
    institutions = {o["value"]: o["count"] for o in facet(response, "institution")["options"]}
    assert institutions == {a.slug: 1, b.slug: 1}

    narrowed = client.get(catalog.url, {"field": "mental-health", "institution": b.slug})
    assert [c.title for c in narrowed.context["page_obj"]] == ["Crisis y emergencias"]


def test_an_unknown_filter_value_explains_itself_instead_of_failing(client, catalog):
    response = client.get(catalog.url, {"field": "no-such-field"})
    assert response.status_code == 200
    assert response.context["filter_error"]
    assert list(response.context["page_obj"]) == []


def test_the_catalog_is_paginated(client, two_institutions, catalog):
    for n in range(CourseIndexPage.per_page + 1):
        factories.course(two_institutions[0], title=f"Curso {n:02d}")
    first = client.get(catalog.url)
    assert len(first.context["page_obj"]) == CourseIndexPage.per_page
    second = client.get(catalog.url, {"page": 2})
    assert len(second.context["page_obj"]) == 1


def test_draft_courses_stay_out_of_the_catalog(client, two_institutions, catalog):
    course = factories.course(two_institutions[0], title="Borrador")
    course.unpublish()
    assert "Borrador" not in client.get(catalog.url).text


def test_the_catalogs_queries_do_not_grow_with_the_number_of_courses(
    client, two_institutions, catalog
):
    def queries():
        client.get(catalog.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(catalog.url, {"field": "mental-health"})
        return len(captured)

    factories.course(two_institutions[0])
    few = queries()
    for _ in range(6):
        factories.course(two_institutions[1], fields=("mental-health", "family"))
    assert queries() == few


def test_a_course_not_yet_translated_is_marked_with_its_language(client, two_institutions, catalog):
    alias_in_every_locale(catalog)
    course = factories.course(two_institutions[0], title="Salud mental comunitaria")
    chinese = client.get("/zh-hans/cursos/").text
    assert "西班牙语课程：尚未翻译" in chinese
    assert '<h3 class="card__title" lang="es">' in chinese  # read out in Spanish
    page = client.get("/zh-hans" + course.url[3:]).text
    assert "西班牙语课程：尚未翻译" in page and '<h1 lang="es">' in page
    spanish = client.get("/es/cursos/").text
    assert 'class="written-in"' not in spanish and '<h3 class="card__title" lang="es">' in spanish


def test_the_facets_are_computed_once_per_language_and_state_of_what_is_published(
    client, two_institutions, catalog
):
    a, b = two_institutions[0], two_institutions[1]
    factories.course(a, fields=("mental-health",))

    def visit(**params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(catalog.url, {"field": "mental-health", **params})
        return len(captured), response

    first, _ = visit()
    again, _ = visit(sort="start")  # another page of the catalog, with the same filters
    assert again <= first - len(FACETS)  # a query or more per facet, not made again
    factories.course(b, fields=("mental-health",))
    _, response = visit(sort="start", page="1")
    assert {option["value"] for option in facet(response, "institution")["options"]} == {
        a.slug,
        b.slug,
    }
