"""Every staff role signs in to the editor and opens the screens of its menus, in each of the
site's languages, on a desktop and a phone: each screen answers, speaks the person's language,
prints no raw Python value, keeps to its width and has no serious accessibility violation."""

import re

import pytest
from wagtail.users.models import UserProfile

from assessment.models import EvaluationRound
from core.models import User
from courses.models import CourseOffering
from placements.models import AllocationRun
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.test_authoring import sign_in_to_the_editor
from tests.browser.test_site import serious_violations

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
        "/admin/quality/questionnaires/",
    ],
    "autora@praxis.example": ["/admin/snippets/curriculum/teachingmaterial/"],
    "revisor@praxis.example": ["/admin/snippets/curriculum/teachingmaterial/"],
    "coordinadora@praxis.example": [
        "/admin/faculty-members/",
        "/admin/placements/",
        "/admin/practice-bases/",
    ],
    "evaluador@praxis.example": [
        "/admin/snippets/assessment/indicatorframework/",
        "/admin/quality/rounds/",
    ],
    "docente@praxis.example": ["/admin/offerings/"],
}


def sheets_of(email):
    """The demo's sheets of inputs (core.grids) each role fills in, by their records' ids."""
    offering = CourseOffering.objects.filter(code="TS-101-2027A").first()
    run = AllocationRun.objects.order_by("pk").first()
    evaluation = next(r for r in EvaluationRound.objects.order_by("pk") if r.is_open)
    return {
        "institucion@praxis.example": [
            f"/admin/offerings/{offering.pk}/attendance/",
            f"/admin/offerings/{offering.pk}/gradebook/",
        ],
        "coordinadora@praxis.example": [f"/admin/allocations/inspect/{run.pk}/"],
        "evaluador@praxis.example": [
            f"/admin/quality/rounds/{evaluation.pk}/institutions/"
            f"{evaluation.institutions.order_by('pk').first().pk}/"
        ],
    }.get(email, [])


RAW = re.compile(r"\bNone\b|\{'|\['|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


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
            for path in [*SCREENS[email], *sheets_of(email)]:
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
