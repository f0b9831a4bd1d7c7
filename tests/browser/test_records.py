"""The demo trainee's certificates and continuing education in a real browser: from My
learning to the certificates, copies a verification link and opens it; adds training done
elsewhere with a PDF as evidence and sees the hours go up. A visitor verifies a number in the
box. In Spanish and English, on a laptop and a phone."""

import re

import pytest
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation

from core.languages import in_reader_language
from courses import ledger
from courses.models import Certificate, Trainee
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.looking import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "estudiante@praxis.example"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def sign_in(page, base, language):
    page.goto(f"{base}/{language}/accounts/login/")
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def earned(trainee):
    return ledger.current_period(trainee, timezone.localdate()).earned


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_trainee_shares_a_certificate_and_records_training_done_elsewhere(
    browser, demo_server, size, language
):
    base, name = demo_server.url, f"records-{size}-{language}"
    context = browser.new_context(viewport=VIEWPORTS[size])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.set_default_timeout(15_000)
    trainee = Trainee.objects.get(user__email=EMAIL)
    certificate = Certificate.objects.valid().filter(enrolment__trainee=trainee).first()
    assert certificate is not None  # the demo trainee finished an offering
    sign_in(page, base, language)

    page.goto(f"{base}/{language}/learn/")
    screenshot(page, f"{name}-1-my-learning")
    page.locator(".subnav a[href$='/learn/certificates/']").click()
    page.wait_for_url(re.compile(r"/learn/certificates/$"))
    assert certificate.number in page.content()
    assert serious_violations(page) == []
    screenshot(page, f"{name}-2-certificates")
    page.locator(f"button[data-copy='verify-{certificate.pk}']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{base}/{language}/verify/{certificate.number}/"

    page.goto(copied)
    text = page.locator("main").inner_text()
    institution = in_reader_language(certificate.enrolment.offering.institution, language=language)
    for fact in (institution, certificate.course_title, certificate.holder_name):
        assert fact in text
    assert (
        "Este certificado es válido." if language == "es" else "This certificate is valid."
    ) in text
    assert serious_violations(page) == []
    screenshot(page, f"{name}-3-verified")

    page.goto(f"{base}/{language}/learn/")
    page.locator(".subnav a[href$='/learn/continuing-education/']").click()
    page.wait_for_url(re.compile(r"/learn/continuing-education/$"))
    before = earned(trainee)
    assert certificate.course_title in page.content()  # the course completed here counts
    assert serious_violations(page) == []
    screenshot(page, f"{name}-4-continuing-education")
    page.locator("#id_title").fill("Taller de mediación comunitaria")
    page.locator("#id_provider").fill("Colegio profesional")
    page.locator("#id_hours").fill("4")
    page.locator("#id_completed_on").fill(timezone.localdate().isoformat())
    page.locator("#id_evidence").set_input_files(
        files=[{"name": "asistencia.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    assert serious_violations(page) == []
    screenshot(page, f"{name}-5-add-record")
    with page.expect_navigation():
        page.locator("#record-form button[type=submit]").click()
    after = earned(trainee)
    assert after == before + 4
    row = page.locator("#records-title ~ div tr", has_text="Taller de mediación comunitaria")
    assert row.locator("a[href$='/evidence/']").count() == 1
    with translation.override(language):
        assert floatformat(after, "-1") in page.locator("#period-title + p").inner_text()
    assert serious_violations(page) == []
    screenshot(page, f"{name}-6-hours-up")
    context.close()

    visitor = browser.new_context(viewport=VIEWPORTS[size]).new_page()
    visitor.goto(f"{base}/{language}/verify/")
    visitor.locator("#id_number").fill(certificate.number.lower())
    assert serious_violations(visitor) == []
    screenshot(visitor, f"{name}-7-verify-box")
    with visitor.expect_navigation():
        visitor.locator("main form button[type=submit]").click()
    assert visitor.url == f"{base}/{language}/verify/{certificate.number}/"
    assert institution in visitor.locator("main").inner_text()
    screenshot(visitor, f"{name}-8-visitor-verified")
    response = visitor.goto(f"{base}/{language}/verify/PX-0000-0000-0000/")
    assert response.status == 404
    assert "PX-0000-0000-0000" in visitor.locator("[role=alert]").inner_text()
    assert serious_violations(visitor) == []
    screenshot(visitor, f"{name}-9-unknown-number")
