"""Whole pages kept for visitors (core.pagecache): served without a query, never personal, with a
nonce of their own, and forgotten when what they show changes. A page is "kept" when a second
visit makes no query; each purge test fails when its purge is taken away."""

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from core.models import Role
from core.pagecache import PLACEHOLDER
from courses.models import CourseIndexPage
from curriculum.models import InstitutionPolicy, ServiceField
from tests import factories

# The reference index is kept up to date, as the worker keeps it: purges follow it.
pytestmark = [pytest.mark.django_db, pytest.mark.indexed]


def queries(client: Client, url: str, **headers: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return len(captured), response


def kept(client: Client, url: str) -> bool:
    """Whether a visitor is served `url` from the cache: no query at all, and the kept page's
    ETag (a page that makes no query, such as a form, is not kept for all that)."""
    count, response = queries(client, url)
    return count == 0 and "ETag" in response


def visit(*urls: str) -> Client:
    """A visitor who has seen these pages, which are now kept."""
    visitor = Client()
    for url in urls:
        visitor.get(url)
        assert kept(visitor, url), url
    return visitor


@pytest.fixture
def site(two_institutions):
    """A course of institution A with a teaching material, a plan teaching it, another course
    of A, and the catalog."""
    a = two_institutions[0]
    catalog = CourseIndexPage(title="Catálogo de cursos", slug="cursos")
    factories.home_page().add_child(instance=catalog)
    catalog.save_revision().publish()
    material = factories.material(a, title="Caso de la familia Ruiz")
    course = factories.course(a, title="Intervención en crisis", materials=[("material", material)])
    other = factories.course(a, title="Trabajo comunitario")
    plan = factories.plan(factories.competency_framework(), [(course, "required")])
    for page in (course, other, plan):
        ReferenceIndex.create_or_update_for_object(page)
    return {
        "a": a,
        "catalog": catalog,
        "course": course,
        "other": other,
        "plan": plan,
        "material": material,
    }


def test_a_visitor_is_served_a_kept_page_without_a_query_and_revalidates_it_cheaply(site):
    course = site["course"]
    visitor = Client()
    first = visitor.get(course.url)
    count, again = queries(visitor, course.url)
    assert count == 0 and again.status_code == 200
    assert "Intervención en crisis" in again.text and "Signed in" not in again.text
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"] and "max-age=0" in again["Cache-Control"]
    assert "Cookie" in again["Vary"]
    count, revalidated = queries(visitor, course.url, if_none_match=again["ETag"])
    assert count == 0 and revalidated.status_code == 304 and revalidated.content == b""
    # The browser keeps the policy it stored with the body (and that body's nonce).
    assert "Content-Security-Policy" not in revalidated


def test_each_kept_response_carries_its_own_nonce(site):
    visitor = visit(site["course"].url)
    nonces = []
    for _ in range(2):
        response = visitor.get(site["course"].url)
        nonce = re.search(r'nonce="([^"]+)"', response.text).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        assert PLACEHOLDER not in response.text
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_catalog_search_home_institution_and_plan_pages_are_kept(site):
    institution_page = site["a"].root_page
    visit(
        "/es/",
        site["catalog"].url,
        site["catalog"].url + "?field=mental-health",
        institution_page.url,
        site["plan"].url,
        "/es/search/?q=crisis",
    )


def test_nothing_personal_is_kept(site, client):
    course = site["course"]
    trainee = factories.trainee()
    client.force_login(trainee.user)
    signed_in = client.get(course.url)
    assert "Signed in" in signed_in.text or "Sesión iniciada" in signed_in.text
    assert "private" in signed_in["Cache-Control"]
    staff = Client()
    staff.force_login(factories.member(site["a"], Role.COURSE_AUTHOR))
    staff.get(course.url)
    staff.get(f"/admin/pages/{course.pk}/edit/preview/?mode=")
    visitor = Client()
    response = visitor.get(course.url)
    assert trainee.user.email not in response.text and "Sesión iniciada" not in response.text
    assert not kept(Client(), "/es/accounts/signup/")  # a form with a CSRF token
    errors = visitor.post("/es/accounts/signup/", {"email": "not an address"})
    assert errors.status_code == 200 and "field__errors" in errors.text
    assert "field__errors" not in visitor.get("/es/accounts/signup/").text
    # A visitor with a message waiting is never served from the cache, nor is their page kept.
    with_message = Client()
    with_message.cookies["messages"] = "x"
    assert not kept(with_message, course.url)


def test_publishing_a_course_forgets_its_page_its_parent_its_plans_and_the_catalog(site):
    course, other = site["course"], site["other"]
    listing = [course.url, site["a"].root_page.url, site["plan"].url, site["catalog"].url]
    visitor = visit(*listing, other.url)
    course.title = "Intervención en crisis (revisado)"
    course.save_revision().publish()
    assert not any(kept(visitor, url) for url in listing)
    assert kept(visitor, other.url)
    assert "Intervención en crisis (revisado)" in visitor.get(course.url).text


def test_unpublishing_a_course_forgets_it(site):
    course = site["course"]
    visitor = visit(course.url, site["catalog"].url)
    course.unpublish()
    assert visitor.get(course.url).status_code == 404
    assert "Intervención en crisis" not in visitor.get(site["catalog"].url).text


def test_moving_a_page_forgets_its_old_and_new_parents(site, home):
    section = factories.home_page().add_child(instance=Page(title="Guías", slug="guias", live=True))
    guide = section.add_child(instance=Page(title="Guía de prácticas", slug="guia", live=True))
    new_parent = site["a"].root_page
    visitor = visit(section.url, new_parent.url, site["other"].url)
    guide.move(new_parent, pos="last-child")
    assert not kept(visitor, section.url) and not kept(visitor, new_parent.url)
    assert "Guía de prácticas" in visitor.get(new_parent.url).text
    assert kept(visitor, site["other"].url)


def test_restricting_a_page_forgets_it_and_what_lists_it(site):
    course = site["course"]
    visitor = visit(course.url, site["catalog"].url, site["other"].url)
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    assert visitor.get(course.url).status_code == 302  # to the login page, not the kept copy
    assert "Intervención en crisis" not in visitor.get(site["catalog"].url).text
    assert kept(visitor, site["other"].url)
    visit(site["catalog"].url)  # kept without the course
    restriction.delete()
    assert "Intervención en crisis" in visitor.get(site["catalog"].url).text
    assert visitor.get(course.url).status_code == 200


def test_deleting_a_page_forgets_its_parent(site):
    parent = site["a"].root_page
    visitor = visit(parent.url)
    site["other"].delete()
    assert not kept(visitor, parent.url)
    assert "Trabajo comunitario" not in visitor.get(parent.url).text


def test_changing_a_material_forgets_the_pages_choosing_it(site):
    visitor = visit(site["course"].url, site["other"].url)
    material = site["material"]
    material.title = "Caso de la familia Ruiz, segunda edición"
    material.save()
    assert not kept(visitor, site["course"].url)
    assert kept(visitor, site["other"].url)


def test_changing_a_policy_forgets_its_institutions_pages(site, two_institutions):
    course_b = factories.course(two_institutions[1], title="Curso de Beta")
    visitor = visit(site["course"].url, site["a"].root_page.url, course_b.url)
    InstitutionPolicy.objects.create(institution=site["a"], kind="ethics", body="<p>Ética</p>")
    assert not kept(visitor, site["course"].url)
    assert not kept(visitor, site["a"].root_page.url)
    assert kept(visitor, course_b.url)


def test_changing_an_institution_forgets_its_pages_and_the_home_page(site, two_institutions):
    course_b = factories.course(two_institutions[1], title="Curso de Beta")
    visitor = visit("/es/", site["a"].root_page.url, site["course"].url, course_b.url)
    institution = site["a"]
    institution.contact_phone = "+34 910 000 000"
    institution.save()
    assert not any(kept(visitor, url) for url in ("/es/", site["a"].root_page.url))
    assert not kept(visitor, site["course"].url)
    assert "+34 910 000 000" in visitor.get(site["a"].root_page.url).text
    assert kept(visitor, course_b.url)


def test_changing_reference_data_forgets_every_page(site):
    visitor = visit(site["course"].url, site["catalog"].url, "/es/")
    field = ServiceField.objects.get(code="mental-health")
    field.name_es = "Salud mental y bienestar"
    field.save()
    assert not any(kept(visitor, url) for url in (site["course"].url, site["catalog"].url, "/es/"))
    assert "Salud mental y bienestar" in visitor.get(site["course"].url).text


def test_an_edition_and_its_enrolments_forget_their_course_page(site):
    course = site["course"]
    visitor = visit(course.url, site["other"].url)
    offering = factories.offering(course, capacity=3)
    assert not kept(visitor, course.url)
    assert (
        "3 seats left" in visitor.get(course.url).text or "3 plazas" in visitor.get(course.url).text
    )
    assert kept(visitor, course.url)
    factories.enrolment(offering, factories.trainee())
    assert not kept(visitor, course.url)
    assert kept(visitor, site["other"].url)


class PurgeRecorder(BaseHTTPRequestHandler):
    """Varnish, as far as purging goes: it takes PURGE requests."""

    purged: list[str] = []

    def do_PURGE(self):
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_front_cache_is_purged_of_the_pages_that_changed(
    site, settings, django_capture_on_commit_callbacks
):
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    try:
        course = site["course"]
        with django_capture_on_commit_callbacks(execute=True):
            course.save_revision().publish()
    finally:
        server.shutdown()
    paths = set(PurgeRecorder.purged)
    assert course.url in paths and site["a"].root_page.url in paths and site["plan"].url in paths
    assert site["other"].url not in paths
    response = Client().get(course.url)
    assert "s-maxage" in response["Cache-Control"]


def test_a_tag_the_cache_lost_no_longer_matches_the_pages_kept_before(site):
    """A cache evicts keys as it likes: a purged tag that is then lost must not come back with
    the stamp the pages were kept under."""
    from django.core.cache import cache

    from core import pagecache

    course = site["course"]
    visitor = visit(course.url)
    tag = pagecache.page_tag(course.translation_key)
    pagecache.purge([tag])
    cache.delete(f"pagecache:tag:{tag}")  # evicted
    cache.delete("pagecache:clock")  # and the clock with it
    visit(f"{course.url}?from=newsletter")  # another address of the page stamps the tag anew
    assert not kept(visitor, course.url)
    assert kept(visitor, course.url)
