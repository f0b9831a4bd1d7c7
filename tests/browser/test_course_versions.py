"""Course versions across their three people, in each language: the author, about to publish
TS-101 again, is told which offerings keep the version they opened with; the institution's
administrator compares the open TS-101-2027A with the new version and moves it (no one is
graded yet); the trainee in the running TS-301-2026B, graded on its own version, reads that
version and is told the course was revised since. Every page on the way is looked at, on a
desktop and on a phone."""

import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

from core.models import User
from courses.models import CourseOffering, CoursePage
from tests.browser.conftest import VIEWPORTS
from tests.browser.looking import looked_at
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUTHOR, ADMIN, TRAINEE = (
    "autora@praxis.example",
    "institucion@praxis.example",
    "estudiante@praxis.example",
)
# What each language calls the steps the people take.
WORDS = {
    "es": {"keep": "conserva la versión con la que se abrió", "compare": "Comparar versiones",
           "move": "Pasar a la versión publicada", "moved": "enseña ahora el curso",
           "revised": "El curso se ha revisado", "syllabus": "Programa de esta oferta"},
    "zh-hans": {"keep": "保留其开课时的版本", "compare": "比较版本", "move": "转到已发布版本",
                "moved": "现按", "revised": "课程已修订", "syllabus": "本期教学大纲"},
    "en": {"keep": "keeps the version it opened with", "compare": "Compare versions",
           "move": "Move to the published version", "moved": "now teaches the course",
           "revised": "The course has been revised", "syllabus": "Syllabus of this offering"},
}  # fmt: skip


def in_a_browser_of_their_own(browser, size):
    page = browser.new_context(viewport=VIEWPORTS[size]).new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.mark.parametrize("language", ["es", "zh-hans", "en"])
def test_offerings_keep_their_course_version_until_staff_move_one(browser, demo_server, language):
    base, words, problems = demo_server.url, WORDS[language], []
    for email in (AUTHOR, ADMIN):
        UserProfile.objects.update_or_create(
            user=User.objects.get(email=email), defaults={"preferred_language": language}
        )
    course = CoursePage.objects.get(code="TS-101", locale__language_code="es")
    open_offering = CourseOffering.objects.get(code="TS-101-2027A")
    running = CourseOffering.objects.get(code="TS-301-2026B")
    assert open_offering.on_earlier_version and running.on_earlier_version  # the demo's

    for size in ("phone", "desktop"):  # the desktop, last, moves the offering
        name = f"versions-{language}-{size}"
        author = in_a_browser_of_their_own(browser, size)
        sign_in_to_the_editor(author, base, AUTHOR)
        author.goto(f"{base}/admin/pages/{course.pk}/edit/")
        warning = author.locator(".help-block", has_text="TS-101-2027A")
        assert words["keep"] in warning.inner_text()
        problems += looked_at(author, f"{name}-1-editor")
        author.context.close()

        admin = in_a_browser_of_their_own(browser, size)
        sign_in_to_the_editor(admin, base, ADMIN)
        admin.goto(f"{base}/admin/offerings/edit/{running.pk}/")
        with admin.expect_navigation():
            admin.get_by_role("link", name=words["compare"]).first.click()
        assert admin.get_by_role("button", name=words["move"]).count() == 0  # it has grades
        problems += looked_at(admin, f"{name}-2-graded-offering")
        admin.goto(f"{base}/admin/offerings/edit/{open_offering.pk}/")
        problems += looked_at(admin, f"{name}-3-offering-form")
        with admin.expect_navigation():
            admin.get_by_role("link", name=words["compare"]).first.click()
        problems += looked_at(admin, f"{name}-4-differences")
        if size == "phone":
            admin.context.close()
            continue
        with admin.expect_navigation():
            admin.get_by_role("button", name=words["move"]).click()
        assert words["moved"] in admin.locator(".messages").inner_text()
        problems += looked_at(admin, f"{name}-5-moved")
        admin.context.close()
    open_offering.refresh_from_db()
    assert not open_offering.on_earlier_version

    for size in VIEWPORTS:
        trainee = in_a_browser_of_their_own(browser, size)
        trainee.goto(f"{base}/{language}/accounts/login/")
        trainee.locator("#id_username").fill(TRAINEE)
        trainee.locator("#id_password").fill(settings.DEMO_PASSWORD)
        with trainee.expect_navigation():
            trainee.locator("main button[type=submit]").click()
        trainee.goto(f"{base}/{language}/learn/offerings/{running.pk}/")
        assert words["revised"] in trainee.locator("main").inner_text()
        problems += looked_at(trainee, f"versions-{language}-{size}-6-trainee")
        syllabus = trainee.get_by_role("link", name=words["syllabus"])
        response = trainee.request.get(base + syllabus.get_attribute("href"))
        assert response.headers["content-type"] == "application/pdf"
        trainee.context.close()
    assert problems == [], "\n".join(problems)
