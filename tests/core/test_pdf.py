"""core.pdf: WeasyPrint loads only the project's own files, and each PDF is rendered once and
stored whole."""

import io
import os
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from core import pdf, publishing
from core.models import RenderedPdf
from core.pdf_fetcher import FETCHER, RefusedResource
from core.storage import private_storage
from courses import syllabus
from curriculum.models import InstitutionPolicy
from tests import factories

pytestmark = pytest.mark.django_db


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def listener():
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    hits = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/css/pdf.css",
        "https://example.org/static/css/pdf.css",
        "file:///etc/passwd",
        "file:///work/static/css/pdf.css",
        "data:text/css,body{}",
        "ftp://127.0.0.1/static/x.png",
        "https://pdf.praxis.invalid/etc/passwd",
        "https://pdf.praxis.invalid/static/../../../../etc/passwd",
        "https://pdf.praxis.invalid/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd.css",
        "https://pdf.praxis.invalid/media/../config/settings/base.py",
        "https://pdf.praxis.invalid.example.org/static/css/pdf.css",
        "https://pdf.praxis.invalid/static/js/progress.js",
    ],
)
def test_the_fetcher_refuses_anything_but_project_stylesheets_and_images(url):
    with pytest.raises(RefusedResource):
        FETCHER.fetch(url)


def test_the_fetcher_serves_the_project_stylesheet():
    response = FETCHER.fetch(pdf.static_url("css/pdf.css"))
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_hostile_content_fetches_nothing_and_the_pdf_still_renders(two_institutions, listener):
    """Policy text that slipped past sanitising (written straight to the database) tries every
    way of making WeasyPrint load something: none of them reaches the network or the disk."""
    institution = two_institutions[0]
    origin, hits = listener
    enormous = "data:image/png;base64," + "A" * (12 * 1024 * 1024)
    hostile = (
        f'<p>Política</p><img src="{origin}/tracker.png" alt="">'
        f'<img src="file:///etc/passwd" alt=""><img src="{enormous}" alt="">'
        f'<style>@import url("{origin}/import.css");</style>'
        f'<link rel="stylesheet" href="{origin}/link.css">'
        f'<object data="file:///etc/passwd"></object><iframe src="{origin}/frame"></iframe>'
        '<svg><image href="file:///etc/passwd"/></svg>'
    )
    policy = InstitutionPolicy.objects.create(
        institution=institution, kind="ethics", body="<p>Ética</p>"
    )
    InstitutionPolicy.objects.filter(pk=policy.pk).update(body=hostile)
    course = factories.course(institution, title="Curso con política hostil")

    rendered = syllabus.render_syllabus(course, publishing.published_revision(course))

    assert hits == []
    text = pdf_text(rendered.data)
    assert "Curso con política hostil" in text and "Política" in text
    assert "root:" not in text
    assert len(rendered.data) < 1024 * 1024


def render_counting(calls, text="Hola"):
    def render(on_stage):
        calls.append(text)
        on_stage(RenderedPdf.Stage.LAYING_OUT)
        return pdf.render_pdf("pdf/base.html", {}, language="es")

    return render


def test_a_pdf_is_rendered_once_and_then_served_from_storage():
    calls = []
    first = pdf.stored_pdf("prueba/1/r1/es", "prueba/1/es", render_counting(calls))
    second = pdf.stored_pdf("prueba/1/r1/es", "prueba/1/es", render_counting(calls))

    assert calls == ["Hola"]
    assert first.pk == second.pk and second.ready
    assert private_storage().open(second.file.name).read(5) == b"%PDF-"
    assert second.stage == RenderedPdf.Stage.READY and second.pages == 1


def test_a_new_revision_replaces_the_stored_pdf_of_the_same_scope(
    django_capture_on_commit_callbacks,
):
    old = pdf.stored_pdf("prueba/2/r1/es", "prueba/2/es", render_counting([]))
    other_language = pdf.stored_pdf("prueba/2/r1/en", "prueba/2/en", render_counting([]))
    with django_capture_on_commit_callbacks(execute=True):
        new = pdf.stored_pdf("prueba/2/r2/es", "prueba/2/es", render_counting([]))

    assert set(RenderedPdf.objects.values_list("pk", flat=True)) == {other_language.pk, new.pk}
    assert not private_storage().exists(old.file.name)
    assert private_storage().exists(new.file.name)


def test_a_failed_render_leaves_no_file_and_the_next_request_renders_again():
    def crash(on_stage):
        raise RuntimeError("the renderer crashed")

    with pytest.raises(RuntimeError):
        pdf.stored_pdf("prueba/3/r1/es", "prueba/3/es", crash)

    row = RenderedPdf.objects.get(key="prueba/3/r1/es")
    assert not row.ready and row.stage == RenderedPdf.Stage.FAILED and row.claimed_until is None
    folder = private_storage().path("pdf/prueba/3/es")
    assert not os.path.exists(folder) or os.listdir(folder) == []
    calls = []
    assert pdf.stored_pdf("prueba/3/r1/es", "prueba/3/es", render_counting(calls)).ready
    assert calls == ["Hola"]


def test_a_write_interrupted_midway_leaves_no_half_file(monkeypatch):
    def power_cut(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        pdf.stored_pdf("prueba/4/r1/es", "prueba/4/es", render_counting([]))

    folder = private_storage().path("pdf/prueba/4/es")
    assert not os.path.exists(folder) or os.listdir(folder) == []
    assert not RenderedPdf.objects.get(key="prueba/4/r1/es").ready


def test_a_crashed_renderers_lease_expires_and_another_takes_over():
    row = pdf.find_or_create("prueba/5/r1/es", "prueba/5/es")
    assert row.claim()
    assert not row.claim()  # held
    with pytest.raises(pdf.PdfNotReady):
        pdf.stored_pdf("prueba/5/r1/es", "prueba/5/es", render_counting([]), wait_seconds=0.2)
    RenderedPdf.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(1))
    calls = []
    assert pdf.stored_pdf("prueba/5/r1/es", "prueba/5/es", render_counting(calls)).ready
    assert calls == ["Hola"]


def test_page_of_pages_is_translated_around_the_page_counters():
    from django.utils import translation

    with translation.override("en"):
        assert pdf.page_of_pages_css() == '"Page " counter(page) " of " counter(pages)'
    with translation.override("zh-hans"):
        css = pdf.page_of_pages_css()
    assert "counter(page)" in css and "counter(pages)" in css and "Page" not in css
    assert "Page 1 of 1" in pdf_text(pdf.render_pdf("pdf/base.html", {}, language="en").data)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_for_the_same_pdf_cause_one_render():
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's test database lives in one connection's memory; CI runs this on PostgreSQL"
        )
    calls = []
    barrier = threading.Barrier(6)
    results, errors = [], []

    def ask():
        try:
            barrier.wait()
            results.append(pdf.stored_pdf("prueba/6/r1/es", "prueba/6/es", render_counting(calls)))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(calls) == 1
    assert len({row.file.name for row in results}) == 1
    assert RenderedPdf.objects.count() == 1
