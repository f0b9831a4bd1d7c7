"""Translating a page with wagtail-localize: an author starts it, translates every text, sends
it for review; a reviewer approves it and only then do readers of that language see it in their
language. Another institution's page cannot be translated by the author."""

import pytest
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from core.models import Role
from core.publishing import written_in
from core.services import alias_in_every_locale
from courses.models import CourseIndexPage, CoursePage
from tests import factories
from tests.forms import visible_text

pytestmark = pytest.mark.django_db


def _start_translation(client, course, language="zh-hans"):
    """The author's "Translate this page" on the alias, as the editor posts it."""
    locale = Locale.objects.get(language_code=language)
    response = client.post(
        f"/admin/localize/submit/page/{course.pk}/", {"locales": [locale.pk]}, follow=True
    )
    assert response.status_code == 200
    return Translation.objects.get(source__object_id=course.translation_key, target_locale=locale)


def _translate_every_text(translation, prefix="译："):
    for segment in translation.source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context_id=segment.context_id,
            data=prefix + segment.string.data,
        )


NOT_YET_TRANSLATED = "西班牙语课程：尚未翻译"


def _catalog(home):
    page = CourseIndexPage(title="Catálogo de cursos", slug="cursos")
    home.add_child(instance=page)
    page.save_revision().publish()
    alias_in_every_locale(page)


def _chinese_catalog(client):
    """The Chinese catalog as a visitor reads it: every language, so the Spanish course shows."""
    client.logout()
    return " ".join(visible_text(client.get("/zh-hans/cursos/?written=all").text).split())


def test_an_authors_translation_is_published_after_review(client, home):
    institution = factories.institution()
    author = factories.in_english(factories.member(institution, Role.COURSE_AUTHOR))
    reviewer = factories.member(institution, Role.REVIEWER)
    _catalog(home)
    course = factories.course(institution, title="Mediación vecinal")
    client.force_login(author)

    translation = _start_translation(client, course)
    chinese = CoursePage.objects.get(
        translation_key=course.translation_key, locale=translation.target_locale
    )
    # Started, not yet translated: the Chinese page still shows the Spanish words, and says so.
    assert chinese.alias_of_id is None and written_in(chinese) == "es"
    listed = _chinese_catalog(client)
    assert f"Mediación vecinal {NOT_YET_TRANSLATED}" in listed

    client.force_login(author)
    review = reverse("translations:submit_for_review", args=[translation.pk])
    refused = visible_text(client.post(review, follow=True).text)
    assert "texts are not translated yet: translate them, then submit again." in refused
    assert not CoursePage.objects.get(pk=chinese.pk).workflow_in_progress

    _translate_every_text(translation)
    sent = visible_text(client.post(review, follow=True).text)
    assert "is waiting for review; it is published once a reviewer approves it." in sent
    chinese = CoursePage.objects.get(pk=chinese.pk)
    assert chinese.workflow_in_progress
    assert written_in(chinese) == "es"  # a draft until the review
    assert chinese.title == "Mediación vecinal" and chinese.draft_title == "译：Mediación vecinal"
    listed = _chinese_catalog(client)
    assert f"Mediación vecinal {NOT_YET_TRANSLATED}" in listed and "译：" not in listed
    assert "译：" not in client.get(chinese.url).text  # readers see the page as it was

    client.force_login(reviewer)
    state = chinese.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[chinese.pk, "approve", state.pk])
    client.post(url, {"next": "/admin/"})
    chinese = CoursePage.objects.get(pk=chinese.pk)
    assert chinese.title == "译：Mediación vecinal" and written_in(chinese) == "zh-hans"
    listed = _chinese_catalog(client)
    assert "译：Mediación vecinal" in listed and NOT_YET_TRANSLATED not in listed
    # Where courses are in the reader's language, the catalog opens on them.
    assert "译：Mediación vecinal" in client.get("/zh-hans/cursos/").text


def test_an_author_cannot_translate_another_institutions_page(client, home):
    ours, theirs = factories.institution(), factories.institution()
    author = factories.member(ours, Role.COURSE_AUTHOR)
    their_course = factories.course(theirs)
    client.force_login(author)
    chinese = Locale.objects.get(language_code="zh-hans")
    url = f"/admin/localize/submit/page/{their_course.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"locales": [chinese.pk]}).status_code == 404
    assert not Translation.objects.filter(source__object_id=their_course.translation_key).exists()


def test_translating_a_course_translates_its_materials_and_trainees_read_both(client, home):
    """wagtail-localize's "Translate this page" also starts the translation of the materials the
    course points at; once published, a trainee reading Chinese follows the offering's outline
    to the Chinese course and opens its material."""
    institution = factories.institution()
    author = factories.member(institution, Role.COURSE_AUTHOR)
    material = factories.material(institution, title="Guía de visitas domiciliarias")
    course = factories.course(institution, title="Visitas domiciliarias", units=0)
    course.units = [factories.unit("Preparar la visita", materials=[material])]
    course.save_revision().publish()
    client.force_login(author)

    translation = _start_translation(client, course)
    chinese_material = material.get_translation(translation.target_locale)
    assert chinese_material.title == "Guía de visitas domiciliarias"  # to be translated
    material_translation = Translation.objects.get(
        source__object_id=material.translation_key, target_locale=translation.target_locale
    )
    for started in (translation, material_translation):
        _translate_every_text(started)
        started.save_target(publish=True)
    chinese_material.refresh_from_db()
    assert chinese_material.title == "译：Guía de visitas domiciliarias"
    chinese = CoursePage.objects.get(
        translation_key=course.translation_key, locale=translation.target_locale
    )
    assert [m.pk for m in chinese.units[0].value["materials"]] == [chinese_material.pk]

    trainee = factories.trainee()
    offering = factories.offering(course)
    factories.enrolment(offering, trainee)
    client.force_login(trainee.user)
    with override("zh-hans"):
        outline = client.get(reverse("courses:offering", args=[offering.pk]))
        opened = client.get(reverse("courses:material", args=[offering.pk, chinese_material.pk]))
    assert "译：Preparar la visita" in outline.text and "译：Guía de visitas" in outline.text
    assert opened.status_code == 302 and opened.url == chinese_material.url
