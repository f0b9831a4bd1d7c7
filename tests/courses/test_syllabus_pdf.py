"""A published course's PDF syllabus: its content, its storage per revision and language, the
editor's draft preview, Chinese fonts, a large logo, and rendering on publish."""

import io
import re
import subprocess

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from core.models import RenderedPdf, Role
from core.storage import private_storage
from courses.models import CoursePage, LearningOutcome
from curriculum.models import Competency
from tests import factories

pytestmark = pytest.mark.django_db


def read(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return PdfReader(io.BytesIO(data))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def course(two_institutions):
    framework = factories.competency_framework()
    course = factories.course(two_institutions[0], title="Intervención en crisis", units=3)
    for text, codes in [
        ("Aplicar un modelo de intervención en crisis", ["P"]),
        ("Evaluar el riesgo de forma estructurada", ["V.1", "T"]),
    ]:
        outcome = LearningOutcome(page=course, text=text)
        outcome.competencies = Competency.objects.filter(framework=framework, code__in=codes)
        outcome.save()
    course.save_revision().publish()
    course.refresh_from_db()
    return course


def test_the_syllabus_pdf_holds_the_whole_course(client, course):
    response = client.get(f"{course.url}syllabus.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{course.code.lower()}-syllabus.pdf"' in response["Content-Disposition"]
    reader = read(response)
    text = text_of(reader)
    assert "Intervención en crisis" in text and course.code in text
    for unit in course.units:
        assert unit.value["title"] in text
    for outcome in course.outcomes.all():
        assert outcome.text in text
    pages = len(reader.pages)
    with translation.override("es"):
        for number in range(1, pages + 1):
            footer = translation.gettext("Page %(page)s of %(pages)s")
            assert footer % {"page": number, "pages": pages} in text
        assert translation.gettext("Revision %(id)s · %(date)s").split(" ")[0] in text
    assert f" {course.live_revision_id} " in text


def test_the_pdf_is_stored_once_per_revision_and_served_from_storage(client, course):
    client.get(f"{course.url}syllabus.pdf")
    stored = RenderedPdf.objects.get()
    assert stored.key == f"syllabus/{course.pk}/{course.live_revision_id}/es"

    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{course.url}syllabus.pdf")
    assert again.status_code == 200 and RenderedPdf.objects.get().pk == stored.pk
    assert len(queries) == 1  # its public address is known: no page routing
    assert (
        client.get(f"{course.url}syllabus.pdf", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    )


def test_publishing_a_new_revision_replaces_the_stored_pdf(
    client, course, django_capture_on_commit_callbacks
):
    client.get(f"{course.url}syllabus.pdf")
    old = RenderedPdf.objects.get()

    course.title = "Intervención en crisis (segunda edición)"
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    course.refresh_from_db()
    text = text_of(read(client.get(f"{course.url}syllabus.pdf")))

    assert "segunda edición" in text
    new = RenderedPdf.objects.get()
    assert new.key.endswith(f"/{course.live_revision_id}/es") and new.pk != old.pk
    assert not private_storage().exists(old.file.name)


def test_a_draft_has_no_public_pdf_but_its_editors_preview_one(
    client, two_institutions, django_capture_on_commit_callbacks
):
    a, _b, _admin_a, author_b = two_institutions
    author_a = factories.member(a, Role.COURSE_AUTHOR)
    course = factories.course(a, title="Curso publicado")
    course.title = "Borrador sin publicar"
    course.save_revision()
    draft_url = reverse("wagtailadmin_pages:view_draft", args=[course.pk]) + "?mode=syllabus-pdf"

    assert "Borrador" not in text_of(read(client.get(f"{course.url}syllabus.pdf")))
    client.force_login(author_b)
    refused = client.get(draft_url)
    assert refused.status_code == 302 and refused["Content-Type"] != "application/pdf"
    client.force_login(author_a)
    preview = client.get(draft_url)
    assert preview["Content-Type"] == "application/pdf"
    assert "no-store" in preview["Cache-Control"]
    text = text_of(read(preview))
    assert "Borrador sin publicar" in text
    with translation.override("es"):
        assert translation.gettext("Draft, not published") in text
    assert RenderedPdf.objects.filter(key__contains="draft").count() == 0

    stored = RenderedPdf.objects.get()  # the published revision's, from the first request
    with django_capture_on_commit_callbacks(execute=True):
        course.unpublish()
    assert not RenderedPdf.objects.exists() and not private_storage().exists(stored.file.name)
    client.logout()
    assert client.get(f"{course.url}syllabus.pdf").status_code == 404


def test_pdf_urls_only_serve_their_own_kind_of_page(client, course):
    institution_page = course.get_parent()
    assert client.get(f"{institution_page.url}syllabus.pdf").status_code == 404
    assert client.get(f"{course.url}book.pdf").status_code == 404
    assert client.get("/es/no-existe/syllabus.pdf").status_code == 404


def test_a_chinese_course_prints_with_the_simplified_chinese_noto_font(client, course, tmp_path):
    alias = CoursePage.objects.get(
        translation_key=course.translation_key, locale__language_code="zh-hans"
    )
    ConvertAliasPageAction(alias).execute()
    chinese = CoursePage.objects.get(pk=alias.pk)
    chinese.title = "危机干预"
    chinese.summary = "学习如何在紧急情况后稳定个人和家庭。"
    chinese.save_revision().publish()

    response = client.get(f"{chinese.url}syllabus.pdf")
    assert response.status_code == 200
    path = tmp_path / "zh.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    assert "危机干预" in text_of(PdfReader(path))
    fonts = subprocess.run(
        ["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True
    )
    # The Noto CJK collection holds every variant; the Simplified Chinese one is embedded.
    assert re.search(r"\+Noto-Sans-CJK-SC\s+CID", fonts.stdout)
    assert not re.search(r"CJK-(JP|KR|TC|HK)", fonts.stdout)


def test_a_large_logo_is_resized_before_it_is_embedded(client, course, tmp_path):
    buffer = io.BytesIO()
    Image.effect_noise((3000, 2000), 80).convert("RGB").save(buffer, "PNG")
    institution = course.institution
    institution.logo = get_image_model().objects.create(
        title="Logo", file=ImageFile(buffer, name="logo-enorme.png")
    )
    institution.save()
    assert len(buffer.getvalue()) > 3 * 1024 * 1024

    reader = read(client.get(f"{course.url}syllabus.pdf"))

    images = {image.name: image for page in reader.pages for image in page.images}
    assert len(images) == 1  # one logo, shared by the pages' resources
    logo = next(iter(images.values()))
    assert logo.image.width <= 600 and len(logo.data) < 600 * 1024


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker closes connections
def test_a_syllabus_not_rendered_yet_answers_at_once_and_the_worker_renders_it(
    settings, client, course
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    url, progress_url = f"{course.url}syllabus.pdf", f"{course.url}syllabus/"
    script = client.get(url)
    assert script.status_code == 503 and script["Retry-After"] == "10"
    browser = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert browser.status_code == 302 and browser["Location"] == progress_url
    progress = client.get(progress_url)
    assert progress.status_code == 200 and 'role="status"' in progress.text
    assert f'data-status-url="{progress_url}status/"' in progress.text
    assert client.get(f"{progress_url}status/").json()["ready"] is False
    assert not RenderedPdf.objects.filter(file__gt="").exists()  # no web request rendered it

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert client.get(f"{progress_url}status/").json() == {
        "ready": True,
        "stage": "Listo",
        "progress": 100,
        "failed": False,
        "url": url,
    }
    assert client.get(progress_url)["Location"] == url
    assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_queues_the_render_for_the_task_worker(settings, client):
    settings.PDF_RENDER_ON_PUBLISH = True
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    factories.home_page()
    course = factories.course(factories.institution(), title="Curso que se imprime solo")
    assert not RenderedPdf.objects.filter(file__gt="").exists()  # queued, not rendered

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    stored = RenderedPdf.objects.get(key=f"syllabus/{course.pk}/{course.live_revision_id}/es")
    assert stored.ready and stored.pages >= 2
    response = client.get(f"{course.url}syllabus.pdf")
    assert response.status_code == 200
    assert RenderedPdf.objects.get(pk=stored.pk).rendered_at == stored.rendered_at  # not again


def test_a_private_courses_pdf_is_as_private_as_the_course(client, course):
    PageViewRestriction.objects.create(page=course, restriction_type="login")

    response = client.get(f"{course.url}syllabus.pdf")

    assert response.status_code == 302 and "login" in response["Location"]
    assert not RenderedPdf.objects.exists()


def test_restricting_a_course_after_its_pdf_was_public_makes_the_pdf_private(client, course):
    assert client.get(f"{course.url}syllabus.pdf").status_code == 200

    PageViewRestriction.objects.create(page=course.get_parent(), restriction_type="login")

    response = client.get(f"{course.url}syllabus.pdf")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_moved_address_no_longer_serves_the_pdf(client, course):
    old_url = f"{course.url}syllabus.pdf"
    assert client.get(old_url).status_code == 200

    course.slug = "crisis-y-emergencias"
    course.save_revision().publish()

    assert client.get(old_url).status_code == 404
    assert client.get(f"{CoursePage.objects.get(pk=course.pk).url}syllabus.pdf").status_code == 200
