"""PDFs in a real browser: a visitor downloads a syllabus; a reader waits for the plan book."""

import io

import pytest
from pypdf import PdfReader

from core.models import RenderedPdf
from plans import services
from plans.models import CurriculumPlanPage
from tests.browser.looking import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE = "/es/universidad-del-suroeste/intervencion-en-crisis/"


def test_a_visitor_downloads_a_courses_syllabus(page, demo_server):
    page.goto(demo_server.url + COURSE)
    with page.expect_response("**/syllabus.pdf") as answer:
        page.get_by_role("link", name="Descargar el programa (PDF)").click()

    response = answer.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert 'filename="ts-301-syllabus.pdf"' in response.headers["content-disposition"]
    pdf = PdfReader(io.BytesIO(page.request.get(response.url).body()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Intervención en crisis y emergencias" in text and "Página 1 de" in text


def test_a_reader_watches_the_plan_book_being_made_and_gets_it(page, demo_server):
    plan = CurriculumPlanPage.objects.get(
        slug="plan-grado-salud-mental-sichuan", locale__language_code="es"
    )
    status = services.book_status(plan)
    assert status.claim()  # a worker has started laying it out
    status.set_stage(RenderedPdf.Stage.LAYING_OUT)

    page.goto(demo_server.url + plan.url)
    page.get_by_role("link", name="Descargar el libro del plan (PDF)").click()
    page.wait_for_url("**/book/")
    assert page.get_by_role("status").inner_text() == "Maquetando las páginas"
    assert page.locator("progress").get_attribute("value") == "50"
    assert serious_violations(page) == []

    # The worker's lease runs out (as after a crash) and this process renders the book.
    RenderedPdf.objects.filter(pk=status.pk).update(claimed_until=None)
    services.plan_book_pdf(plan)
    page.wait_for_url("**/book.pdf", timeout=30_000)  # the page noticed and opened it
    book = PdfReader(io.BytesIO(page.request.get(page.url).body()))
    outline = [entry.title for entry in book.outline if not isinstance(entry, list)]
    assert plan.title in outline and "Intervención en crisis y emergencias" in outline
