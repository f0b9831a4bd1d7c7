"""The plan book: every course of a plan in one PDF, with contents, page numbers and bookmarks."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from core.models import RenderedPdf
from plans import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(two_institutions):
    institution = two_institutions[0]
    courses = [
        factories.course(institution, title=title, units=units)
        for title, units in [
            ("Ética profesional", 2),
            ("Trabajo con familias", 12),
            ("Salud mental", 3),
        ]
    ]
    return factories.plan(
        factories.competency_framework(),
        [(courses[0], "required"), (courses[1], "required"), (courses[2], "elective")],
        title="Plan de salud mental",
    )


def book(client, plan):
    response = client.get(f"{plan.url}book.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def test_the_book_has_an_outline_and_a_table_of_contents_with_true_page_numbers(client, plan):
    reader = book(client, plan)
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    courses = [entry.course_page for entry in plan.plan_entries()]

    assert "Plan de salud mental" in titles
    for course in courses:
        assert course.title in titles
    pages = [page.extract_text() for page in reader.pages]
    with translation.override("es"):
        heading = translation.gettext("Contents")
    contents = next(text for text in pages if text.lstrip().startswith(heading))
    for course in courses:
        listed = int(re.search(rf"{re.escape(course.title)}[ .]*?(\d+)\s*$", contents, re.M)[1])
        destination = next(
            entry
            for entry in reader.outline
            if not isinstance(entry, list) and entry.title == course.title
        )
        assert reader.get_destination_page_number(destination) + 1 == listed
        assert course.title in pages[listed - 1]


def test_a_course_published_again_makes_a_new_book(client, plan):
    book(client, plan)
    first = RenderedPdf.objects.get(scope__startswith="plan-book/")
    course = plan.plan_entries()[0].course_page
    course.title = "Ética profesional y deontología"
    course.save_revision().publish()

    reader = book(client, plan)

    assert "Ética profesional y deontología" in "".join(
        page.extract_text() for page in reader.pages
    )
    assert RenderedPdf.objects.get(scope__startswith="plan-book/").key != first.key


def test_the_progress_page_shows_the_stage_while_another_process_renders(client, plan):
    status = services.book_status(plan)
    assert status.claim()  # a worker is laying it out
    status.set_stage(RenderedPdf.Stage.LAYING_OUT)

    page = client.get(f"{plan.url}book/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'max="100" value="50"' in html and 'role="status"' in html
    assert "js/progress.js" in html
    progress = client.get(f"{plan.url}book/status/").json()
    assert progress == {
        "ready": False,
        "stage": str(RenderedPdf.Stage.LAYING_OUT.label),
        "progress": 50,
        "failed": False,
        "url": f"{plan.url}book.pdf",
    }


def test_the_progress_page_queues_the_book_and_sends_the_reader_to_it(client, plan):
    response = client.get(f"{plan.url}book/")  # the test task backend runs the task at once
    assert response.status_code == 302 and response["Location"] == f"{plan.url}book.pdf"
    assert services.book_status(plan).ready
    assert client.get(f"{plan.url}book/status/").json()["ready"] is True


def test_publishing_a_course_queues_the_books_of_its_plans(
    settings, plan, django_capture_on_commit_callbacks
):
    settings.PDF_RENDER_ON_PUBLISH = True
    course = plan.plan_entries()[1].course_page
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()

    assert services.book_status(plan).ready
    assert RenderedPdf.objects.filter(key__startswith=f"syllabus/{course.pk}/").get().ready
