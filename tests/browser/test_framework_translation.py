"""An indicator framework's Chinese translation corrected by the authority's evaluators: one
changes a name in wagtail-localize's editor and sends it for review; Chinese readers keep the
published words until another evaluator approves it from their dashboard. Every admin page on
the way is looked at."""

import pytest
from django.utils import translation

from assessment.models import IndicatorFramework
from tests.browser.looking import looked_at
from tests.browser.test_authoring import approve_from_the_dashboard, sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CORRECTED = "社会工作培训质量评估框架（修订版）"


def _read_in_chinese(framework):
    with translation.override("zh-hans"):
        return IndicatorFramework.objects.get(pk=framework.pk).localized.name


def test_an_evaluator_corrects_the_chinese_framework_and_a_colleague_approves_it(
    browser, page, demo_server
):
    base = demo_server.url
    spanish = IndicatorFramework.objects.get(locale__language_code="es")
    chinese = spanish.get_translations().get(locale__language_code="zh-hans")
    published = chinese.name
    problems = []

    sign_in_to_the_editor(page, base, "evaluador@praxis.example")
    page.goto(f"{base}/admin/snippets/assessment/indicatorframework/edit/{chinese.pk}/")
    page.wait_for_load_state("networkidle")
    problems += looked_at(page, "framework-translation-editor")
    name = page.locator("li", has_text=spanish.name).filter(has=page.locator("textarea, button"))
    name.first.get_by_role("button", name="Edit").click()
    name.first.locator("textarea").fill(CORRECTED)
    name.first.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for review").click()
    assert "is waiting for review" in page.locator(".messages").inner_text()
    problems += looked_at(page, "framework-translation-submitted")
    assert _read_in_chinese(spanish) == published  # readers keep the published words

    seen, message = approve_from_the_dashboard(
        browser, base, "evaluadora@praxis.example", CORRECTED, "evaluator-translation"
    )
    assert f"“{CORRECTED}” is approved and published." in message
    problems += seen

    assert _read_in_chinese(spanish) == CORRECTED
    assert problems == [], "\n".join(problems)
