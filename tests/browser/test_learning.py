"""A trainee's way through an offering in a real browser: signs up, finds a course in the
catalog, enrols, opens a material; staff take attendance, grade and finish the run; the
trainee downloads the certificate and its printed verification link says it is valid."""

import io
import re

import pytest
from django.conf import settings
from pypdf import PdfReader

from courses.models import CourseOffering, Enrolment
from tests.browser.looking import serious_violations
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "nueva.participante@example.org"


def test_a_trainee_enrols_studies_is_graded_and_verifies_the_certificate(
    browser, page, demo_server
):
    base = demo_server.url
    page.goto(base + "/es/accounts/signup/")
    page.locator("#id_first_name").fill("Marta")
    page.locator("#id_last_name").fill("Quispe")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(settings.DEMO_PASSWORD)
    page.locator("#id_password2").fill(settings.DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()

    page.goto(base + "/es/cursos/?institution=universidad-del-suroeste")  # the university's
    page.get_by_role("link", name="Ética profesional del trabajo social").first.click()
    page.get_by_role("button", name="Matricúlate").first.click()
    # A new account says what the enrolment needs on the joining page, and is enrolled.
    page.wait_for_url(re.compile(r"/es/learn/offerings/\d+/join/$"))
    page.locator("#id_consents_to_data_use").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/es/learn/offerings/\d+/$"))
    assert serious_violations(page) == []

    material = page.locator("a[href*='/materials/']").first
    response = page.request.get(base + material.get_attribute("href"))
    assert response.ok
    with page.expect_navigation():  # the live server's SQLite takes one request at a time
        page.get_by_role("button", name="Marca como estudiada").first.click()
    page.goto(base + "/es/learn/")
    assert "Ética profesional del trabajo social" in page.content()
    assert serious_violations(page) == []

    enrolment = Enrolment.objects.get(trainee__user__email=EMAIL)
    offering = enrolment.offering
    offering.status = CourseOffering.Status.RUNNING  # the term begins
    offering.save(update_fields=["status"])

    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_to_the_editor(staff, base, "institucion@praxis.example")
    staff.goto(f"{base}/admin/offerings/{offering.pk}/attendance/")
    for session in offering.sessions.all():
        staff.locator(f"#id_a-{session.pk}-{enrolment.pk}").select_option("present")
    with staff.expect_navigation():
        staff.locator("main button[type=submit]").click()
    staff.goto(f"{base}/admin/offerings/{offering.pk}/gradebook/")
    for component_id, _name, _weight in offering.course.assessment_components():
        staff.locator(f"#id_g-{component_id}-{enrolment.pk}").fill("85")
    with staff.expect_navigation():
        staff.locator("main button[type=submit]").click()
    staff.goto(f"{base}/admin/offerings/{offering.pk}/roster/")
    staff.locator("main [data-a11y-dialog-show=confirm-finish]").click()
    assert serious_violations(staff, within="#confirm-finish") == []
    with staff.expect_navigation():
        staff.locator("#confirm-finish button[type=submit]").click()
    assert staff.locator(".messages .success").count() == 1
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED

    page.goto(base + "/es/learn/")
    link = page.locator("a[href*='/learn/certificates/'][href$='.pdf']").first
    pdf = page.request.get(base + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert "Quispe Marta" in text
    printed = re.search(r"/es/verify/(PX-[0-9A-Z-]+)/", text.replace("\n", ""))
    assert printed is not None
    page.goto(f"{base}/es/verify/{printed.group(1)}/")
    assert "Este certificado es válido." in page.content()
    assert EMAIL not in page.content()
