"""A placement coordinator's way through the faculty screens in a real browser: imports a
faculty file, assigns the front-line practitioner it brought in to an offering, and sees the
workload report change."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from core.models import Institution
from courses.models import CourseOffering
from faculty.models import FacultyMember, TeachingAssignment
from tests.browser.looking import serious_violations
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The sample file the README offers to try the import with.
SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "docentes-primavera-2027.csv"


def _total_hours(page):
    heading = page.locator("main h2").first.inner_text()
    return float(re.match(r"[\d.]+", heading).group(0))


def test_a_coordinator_imports_faculty_assigns_a_practitioner_and_sees_the_workload(
    page, demo_server, tmp_path
):
    base = demo_server.url
    institution = Institution.objects.get(slug="universidad-del-suroeste")
    offering = CourseOffering.objects.get(code="TS-101-2027A")
    report = f"{base}/admin/faculty-workload/?institution={institution.pk}&term={offering.term_id}"
    sign_in_to_the_editor(page, base, "coordinadora@praxis.example")
    page.goto(report)
    before = _total_hours(page)

    page.goto(base + "/admin/faculty-members/")
    page.locator("a[href$='/admin/faculty-members/import/']").first.click()
    page.locator("#id_institution").select_option(str(institution.pk))
    # The sample contracts its teachers for spring 2027; the demo's offering runs in a term
    # that follows today's date.
    sample = tmp_path / SAMPLE.name
    sample.write_text(SAMPLE.read_text().replace("Primavera 2027", offering.term.name_es))
    page.locator("#id_file").set_input_files(sample)
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    assert "rosa.quispe@example.org" in page.content() and "何 晓梅" in page.content()
    assert serious_violations(page) == []
    with page.expect_navigation():
        page.locator("main input[name=confirm] + button").click()
    page.wait_for_url(re.compile(r"/admin/faculty-members/$"))
    rosa = FacultyMember.objects.get(email="rosa.quispe@example.org")
    assert rosa.pools.get().name == "Docentes de salud mental"

    page.goto(base + "/admin/teaching-assignments/new/")
    page.locator("#id_member").select_option(str(rosa.pk))
    page.locator("#id_offering").select_option(str(offering.pk))
    page.locator("#id_role").select_option(TeachingAssignment.Role.SUPERVISOR)
    page.locator("#id_hours").fill("30")  # more than her 24 contracted hours
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    assert "24" in page.locator(".messages").first.inner_text()  # the rule says the figures
    page.locator("#id_hours").fill("12")
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    assert TeachingAssignment.objects.get(member=rosa).hours == 12

    page.goto(report)
    assert _total_hours(page) == before + 12
    row = page.locator("tr", has_text="Quispe Rosa")
    assert "12" in row.inner_text() and "24" in row.inner_text()
    assert serious_violations(page) == []
