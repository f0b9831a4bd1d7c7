"""The quality journey in a real browser: the Sichuan evaluator computes the open round,
enters the value still missing (a wrong one first), finalises it and compares the institutions;
the university's administrator then downloads its report as PDF and XLSX."""

import io

import pytest
from django.conf import settings
from openpyxl import load_workbook

from assessment.models import EvaluationRound, RoundSnapshot
from core.languages import in_reader_language
from core.models import Institution
from tests.browser.looking import looked_at, serious_violations
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _act(page, action):
    with page.expect_navigation():
        page.locator(f"main form:has(input[name=action][value={action}]) button").click()


def test_an_evaluator_finalises_a_round_and_the_institution_downloads_its_report(page, demo_server):
    base = demo_server.url
    evaluation = EvaluationRound.objects.get(status=EvaluationRound.Status.OPEN)
    mianyang = Institution.objects.get(slug="instituto-mianyang")
    workspace = f"{base}/admin/quality/rounds/inspect/{evaluation.pk}/"
    round_name = evaluation.name_en  # as the editor names it in the browser's English
    problems = []
    sign_in_to_the_editor(page, base, "evaluador@praxis.example")
    problems += looked_at(page, "evaluator-dashboard")
    with page.expect_navigation():
        page.locator("#open-rounds-section td.title a", has_text=round_name).click()
    assert page.url == workspace
    problems += looked_at(page, "evaluator-round")
    _act(page, "compute")
    assert "D7" in page.locator("main table").inner_text()  # Mianyang's value still to enter
    problems += looked_at(page, "evaluator-round-computed")

    with page.expect_navigation():  # axe runs on the values page, not on the one it leaves
        page.locator(f"main a[href$='/institutions/{mianyang.pk}/']").click()
    problems += looked_at(page, "evaluator-values")
    page.locator("#id_value-D7").fill("150")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.locator("#id_value-D7[aria-invalid=true]").count() == 1
    assert "150" in page.locator("#id_value-D7_error").inner_text()
    page.locator("#id_value-D7").fill("72")
    page.locator("#id_note-D7").fill("Encuesta a 31 empleadores")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.wait_for_url(workspace)

    page.locator("main [data-a11y-dialog-show=confirm-finalise]").click()
    dialog = page.locator("#confirm-finalise")
    assert dialog.is_visible() and round_name in dialog.inner_text()
    problems += looked_at(page, "quality-finalise-confirm", within="#confirm-finalise")
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    assert page.locator(".messages .success").count() == 1
    problems += looked_at(page, "evaluator-round-finalised")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationRound.Status.FINALISED
    with page.expect_navigation():
        page.locator("main a[href$='/compare/']").click()
    table = page.locator("main table").inner_text()
    language = page.locator("html").get_attribute("lang")
    assert in_reader_language(mianyang, language=language) in table and "72" in table
    problems += looked_at(page, "evaluator-comparison")
    assert problems == [], "\n".join(problems)

    context = page.context
    context.clear_cookies()
    page.goto(base + "/es/accounts/login/")
    page.locator("#id_username").fill("institucion@praxis.example")
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.goto(base + "/es/learn/quality/")
    assert serious_violations(page) == []
    snapshot = RoundSnapshot.objects.get(
        round=evaluation, institution__slug="universidad-del-suroeste"
    )
    card = page.locator("li.card", has_text=evaluation.name)
    assert "Mianyang" not in card.inner_text()
    with page.expect_download() as pdf:
        card.locator(f"a[href$='/{snapshot.pk}/report.pdf']").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert pdf.value.path().read_bytes()[:4] == b"%PDF"
    with page.expect_download() as xlsx:
        card.locator(f"a[href$='/{snapshot.pk}/report.xlsx']").click()
    sheet = load_workbook(io.BytesIO(xlsx.value.path().read_bytes())).active
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes[:3] == ["A1", "A2", "A3"] and len(codes) == 21  # 19 indicators, total, coverage
