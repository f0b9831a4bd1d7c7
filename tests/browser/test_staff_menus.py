"""Every staff role signs in to the editor and opens its dashboard and the screens of its
menus, in each of the site's languages, on a desktop and a phone: each screen answers, speaks
the person's language, prints no raw Python value, keeps to its width and has no serious
accessibility violation."""

import pytest
from wagtail.users.models import UserProfile

from assessment.models import EvaluationRound
from core.models import User
from courses.models import Certificate, CourseOffering, Trainee
from faculty.models import FacultyMember
from placements.models import AllocationRun, Placement
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.looking import RAW, serious_violations
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Where each role's menus lead (the sidebar's links), by demo account.
SCREENS = {
    "admin@praxis.example": ["/admin/institutions/", "/admin/regions/"],
    "institucion@praxis.example": [
        "/admin/memberships/",
        "/admin/offerings/",
        "/admin/trainees/",
        "/admin/certificates/",
        "/admin/continuing-education/",
        "/admin/snippets/curriculum/institutionpolicy/",
        "/admin/quality/questionnaires/",
        "/admin/terms/",
    ],
    "autora@praxis.example": ["/admin/snippets/curriculum/teachingmaterial/"],
    "revisor@praxis.example": ["/admin/snippets/curriculum/teachingmaterial/"],
    "coordinadora@praxis.example": [
        "/admin/faculty-members/",
        "/admin/faculty-pools/",
        "/admin/teaching-assignments/",
        "/admin/faculty-workload/",
        "/admin/placements/",
        "/admin/practice-bases/",
        "/admin/hours-queue/",
        "/admin/placement-report/",
    ],
    "evaluador@praxis.example": [
        "/admin/snippets/assessment/indicatorframework/",
        "/admin/quality/rounds/",
    ],
    "docente@praxis.example": ["/admin/offerings/"],
}


def records_of(user):
    """The demo's sheets of inputs (core.grids) each role fills in, and the records it opens,
    by their ids."""
    if user.email == "institucion@praxis.example":
        offering = CourseOffering.objects.get(code="TS-101-2027A")
        trainee = Trainee.objects.for_user(user).order_by("pk").first()
        certificate = Certificate.objects.for_user(user).order_by("pk").first()
        return [
            f"/admin/offerings/{offering.pk}/attendance/",
            f"/admin/offerings/{offering.pk}/gradebook/",
            f"/admin/trainees/inspect/{trainee.pk}/",
            f"/admin/certificates/inspect/{certificate.pk}/",
        ]
    if user.email == "coordinadora@praxis.example":
        run = AllocationRun.objects.order_by("pk").first()
        member = FacultyMember.objects.for_user(user).order_by("pk").first()
        placement = Placement.objects.for_user(user).order_by("pk").first()
        return [
            f"/admin/allocations/inspect/{run.pk}/",
            f"/admin/faculty-members/inspect/{member.pk}/",
            f"/admin/placements/edit/{placement.pk}/",
            f"/admin/placements/inspect/{placement.pk}/",
        ]
    if user.email == "evaluador@praxis.example":
        evaluation = next(r for r in EvaluationRound.objects.order_by("pk") if r.is_open)
        institution = evaluation.institutions.order_by("pk").first()
        return [
            f"/admin/quality/rounds/inspect/{evaluation.pk}/",
            f"/admin/quality/rounds/{evaluation.pk}/institutions/{institution.pk}/",
        ]
    return []


@pytest.mark.parametrize("email", list(SCREENS))
def test_each_staff_role_opens_its_screens_in_every_language_and_size(browser, demo_server, email):
    base = demo_server.url
    user = User.objects.get(email=email)
    problems = []
    for language in ("es", "zh-hans", "en"):
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
        for size, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            page.set_default_timeout(15_000)
            sign_in_to_the_editor(page, base, email)
            for path in ["/admin/", *SCREENS[email], *records_of(user)]:
                response = page.goto(base + path)
                where = f"{email} {language} {size} {path}"
                if response.status != 200:
                    problems.append(f"{where}: {response.status}")
                    continue
                text = page.locator("main").inner_text()
                if page.locator("html").get_attribute("lang") != language:
                    problems.append(f"{where}: not in {language}")
                if raw := RAW.findall(text):
                    problems.append(f"{where}: raw values {raw[:3]}")
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                    problems.append(f"{where}: wider than the screen")
                if language == "es" and size == "desktop":
                    problems += [f"{where}: {v}" for v in serious_violations(page)]
                name = path.strip("/").replace("/", "-")
                screenshot(page, f"staff-{email.split('@')[0]}-{name}-{language}-{size}")
            context.close()
    assert problems == []
