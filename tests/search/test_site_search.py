"""The site search: results across kinds, facets, highlights, suggestions and hostile queries.

These run on whichever backend the settings select: Whoosh on SQLite, Wagtail's database backend
(PostgreSQL full-text search) in the PostgreSQL run."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.demo import translate
from curriculum.models import ServiceField, TeachingMaterial
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]
WHOOSH = settings.SEARCH_BACKEND == "whoosh"


def search(client, **params):
    with translation.override("es"):
        url = reverse("search:search")
    response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.fixture
def catalog(two_institutions):
    a, b, _admin_a, member_b = two_institutions
    courses = {
        "community": factories.course(
            a,
            title="Intervención comunitaria",
            summary="Métodos de intervención en barrios y comunidades rurales.",
            fields=("community",),
        ),
        "mental": factories.course(
            b,
            title="Salud mental en la comunidad",
            summary="Acompañamiento psicosocial y trabajo con familias.",
            fields=("mental-health",),
        ),
        "elderly": factories.course(
            a,
            title="Cuidado de personas mayores",
            summary="Servicios para la vejez y apoyo a cuidadores.",
            fields=("elderly",),
        ),
    }
    open_material = factories.material(
        a,
        title="Guía de intervención en crisis",
        description="Protocolos de intervención ante situaciones de crisis.",
        licence=TeachingMaterial.Licence.CC_BY,
    )
    closed_material = factories.material(
        b,
        title="Intervención: casos internos",
        description="Casos de intervención solo para el equipo docente.",
        licence=TeachingMaterial.Licence.INSTITUTION,
    )
    return {
        **courses,
        "open": open_material,
        "closed": closed_material,
        "a": a,
        "b": b,
        "member_b": member_b,
    }


def titles(response):
    return [hit.object.title for hit in response.context["search"].hits]


def test_finds_courses_and_open_materials_without_accents(client, catalog):
    response = search(client, q="intervencion")
    assert set(titles(response)) == {"Intervención comunitaria", "Guía de intervención en crisis"}
    page = response.content.decode()
    assert "<mark>Intervención</mark> comunitaria" in page
    assert "Métodos de <mark>intervención</mark>" in page


def test_materials_of_ones_own_institution_are_found_by_its_staff(client, catalog):
    assert "Intervención: casos internos" not in titles(search(client, q="intervencion"))
    client.force_login(catalog["member_b"])
    assert "Intervención: casos internos" in titles(search(client, q="intervencion"))


def test_spanish_stemming_finds_other_forms(client, catalog):
    found = titles(search(client, q="comunidades"))
    assert found == titles(search(client, q="comunidad"))
    assert "Salud mental en la comunidad" in found


def test_kinds_and_facets_narrow_the_results(client, catalog):
    response = search(client, q="intervencion")
    result = response.context["search"]
    assert result.counts == {"course": 1, "plan": 0, "material": 1}
    institutions = {o.label: o.count for o in result.facets["institution"][1]}
    assert institutions == {catalog["a"].name: 2}
    courses_only = search(client, q="intervencion", kind="course")
    assert titles(courses_only) == ["Intervención comunitaria"]
    field = ServiceField.objects.get(code="community")
    assert titles(search(client, q="comunidad", field=field.pk)) == ["Intervención comunitaria"]


def test_an_empty_query_shows_starting_points(client, catalog):
    response = search(client)
    assert not response.context["search"].hits
    assert response.context["starting_points"]


@pytest.mark.skipif(not WHOOSH, reason="'Did you mean' needs the Whoosh index's vocabulary")
def test_a_misspelt_query_gets_a_suggestion(client, catalog):
    response = search(client, q="intervencoin comunitaria")
    assert response.context["search"].suggestion == "intervención comunitaria"


@pytest.mark.skipif(not WHOOSH, reason="'Did you mean' needs the Whoosh index's vocabulary")
def test_a_query_typed_without_accents_needs_no_suggestion(client, catalog):
    response = search(client, q="intervencion comunitaria")
    assert response.context["search"].suggestion == ""
    assert "Intervención comunitaria" in titles(response)


@pytest.mark.skipif(not WHOOSH, reason="the database backend makes queries of its own")
def test_a_new_query_makes_a_few_queries_however_many_facet_values(
    client, catalog, django_assert_max_num_queries
):
    """Facet labels are read once per language and state of what is published; a query no one
    asked before then costs the locale, the pages' view restrictions, the materials' scope and
    one fetch per kind found."""
    search(client, q="intervención")
    with django_assert_max_num_queries(7):
        response = search(client, q="comunidad")
    assert response.context["search"].facets["field"][1]


@pytest.mark.parametrize(
    "query",
    [
        '"intervención comunitaria',
        "intervención AND NOT OR (",
        "inter* ?omunidad",
        "x" * 10_000,
        "comunidad\x00\x1b[31m\u202e",
        "🙂 comunidad 🙂",
        "-- ' ; DROP TABLE",
        " ".join(["comunidad"] * 500),
    ],
)
def test_hostile_queries_get_a_page_not_an_error(client, catalog, query):
    result = search(client, q=query).context["search"]
    assert len(result.query) <= 200
    assert "\x00" not in result.query and "\u202e" not in result.query


def test_fields_of_service_set_after_a_material_is_saved_reach_the_facets(client, catalog):
    material = catalog["open"]
    material.service_fields.set(ServiceField.objects.filter(code="community"))
    result = search(client, q="crisis").context["search"]
    fields = {option.label for option in result.facets["field"][1]}
    assert ServiceField.objects.get(code="community").name in fields


def test_the_editors_own_search_finds_courses(client, catalog):
    client.force_login(factories.user(is_superuser=True))
    response = client.get("/admin/pages/search/", {"q": "comunitaria"})
    assert response.status_code == 200
    assert "Intervención comunitaria" in response.content.decode()


def test_results_come_in_pages_of_ten(client, catalog):
    for n in range(12):
        factories.material(catalog["a"], title=f"Protocolo de duelo {n}")
    first = search(client, q="duelo").context["search"]
    second = search(client, q="duelo", page=2).context["search"]
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (12, 2, 10, 2)
    assert not {h.object.pk for h in first.hits} & {h.object.pk for h in second.hits}
    assert search(client, q="duelo", page="zz").context["search"].page == 1
    assert search(client, q="duelo", page=99).context["search"].page == 2


def test_the_number_of_queries_does_not_grow_with_the_results(client, catalog):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count):
        for n in range(count):
            factories.course(catalog["a"], title=f"Mediación familiar {count}-{n}")
            factories.material(catalog["b"], title=f"Mediación vecinal {count}-{n}")
        search(client, q=f"mediación {count}")  # warms the caches the new pages emptied
        with CaptureQueriesContext(connection) as captured:  # a page not kept yet: searched
            result = search(client, q=f"mediación {count}", page="1").context["search"]
        assert len(result.hits) == 2 * count
        return len(captured)

    assert queries_for(2) == queries_for(4)


def test_a_translated_material_is_found_once_in_the_readers_language(client, catalog):
    """A material translated with wagtail-localize is one result: its English version for an
    English reader, though the Spanish one matches the words too, with the original's fields
    of service; the Spanish version for a Spanish reader."""
    material = catalog["open"]
    material.service_fields.set(ServiceField.objects.filter(code="community"))
    english = translate(
        material,
        "en",
        {
            "Guía de intervención en crisis": "Crisis intervention guide",
            "Protocolos de intervención ante situaciones de crisis.": "Protocols for crises.",
        },
    )
    assert list(english.service_fields.values_list("code", flat=True)) == ["community"]
    with translation.override("en"):
        url = reverse("search:search")
    found = client.get(url, {"q": "crisis", "kind": "material"}).context["search"]
    assert [hit.object.title for hit in found.hits] == ["Crisis intervention guide"]
    assert found.hits[0].language == "en" and found.hits[0].file_language == "Español"
    assert ServiceField.objects.get(code="community").name_en in {
        option.label for option in found.facets["field"][1]
    }
    assert titles(search(client, q="crisis", kind="material")) == ["Guía de intervención en crisis"]
    # A change to the original's fields of service reaches the translation.
    material.service_fields.set(ServiceField.objects.filter(code="family"))
    assert list(english.service_fields.values_list("code", flat=True)) == ["family"]
