"""A course's way into Chinese: an author opens its Chinese page, which still mirrors the
Spanish one, and translates it with wagtail-localize: the title in the segment editor, the rest
offline in a PO file that they download and upload again. They send it for review; a reviewer
approves it from their dashboard, and Chinese readers find it in their catalog. Every admin page
on the way is looked at."""

import polib
import pytest

from courses.models import CoursePage
from tests.browser.looking import looked_at
from tests.browser.test_authoring import approve_from_the_dashboard, sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "社区矫正中的社会工作"


def test_an_author_translates_a_course_a_reviewer_approves_it_and_it_reaches_the_chinese_catalog(
    browser, page, demo_server, tmp_path
):
    base = demo_server.url
    spanish = CoursePage.objects.get(code="TS-340", locale__language_code="es")
    chinese = spanish.get_translations().get(locale__language_code="zh-hans")
    assert chinese.alias_of_id == spanish.pk  # mirrors the Spanish page until translated
    problems = []

    sign_in_to_the_editor(page, base, "autora@praxis.example")
    page.goto(f"{base}/admin/pages/{chinese.pk}/edit/")
    problems += looked_at(page, "translator-alias")
    with page.expect_navigation():
        page.locator("a, button", has_text="Translate this page").first.click()
    problems += looked_at(page, "translator-choose-language")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()
    # The editor loads its choosers' records together: one request at a time from here.
    page.wait_for_load_state("networkidle")
    problems += looked_at(page, "translator-editor")

    # The title in the segment editor.
    title = page.locator("li.incomplete", has_text=spanish.title).first
    title.get_by_role("button", name="Translate").click()
    title.locator("textarea").fill(TITLE)
    title.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")

    # The rest offline: the PO file, filled in and uploaded again.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PO file").click()
    downloaded = download.value.path().read_text(encoding="utf-8")
    assert downloaded.startswith("#") or downloaded.startswith("msgid"), downloaded[:300]
    catalogue = polib.pofile(downloaded)
    assert any(entry.msgstr == TITLE for entry in catalogue)
    for entry in catalogue:
        entry.msgstr = entry.msgstr or f"（中文）{entry.msgid}"
    filled = tmp_path / "translation.po"
    catalogue.save(str(filled))
    with page.expect_navigation():
        page.locator("input[type=file][name=file]").first.set_input_files(filled)
    problems += looked_at(page, "translator-uploaded")

    with page.expect_navigation():
        page.get_by_role("button", name="Submit for review").click()
    assert "is waiting for review" in page.locator(".messages").inner_text()
    problems += looked_at(page, "translator-submitted")
    chinese.refresh_from_db()
    assert chinese.workflow_in_progress and chinese.title != TITLE  # not published yet

    seen, message = approve_from_the_dashboard(
        browser, base, "revisor@praxis.example", TITLE, "reviewer-translation"
    )
    assert TITLE in message
    problems += seen

    chinese.refresh_from_db()
    assert chinese.live and chinese.title == TITLE
    assert problems == [], "\n".join(problems)
    page.goto(base + "/zh-hans/kecheng/")
    card = page.locator(".catalog__results .card", has_text=TITLE)
    assert card.count() == 1 and card.locator(".written-in").count() == 0
    problems += looked_at(page, "chinese-catalog-translated")
    card.get_by_role("link", name=TITLE).click()
    assert page.locator("h1").inner_text() == TITLE
    assert problems == [], "\n".join(problems)
