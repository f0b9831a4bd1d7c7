"""The editor's add and edit forms of every page type and snippet a person fills in: each
opens without a validation error before anything is typed, every input is labelled (no
serious or critical accessibility violation) and no raw Python value is printed."""

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from core.models import Institution
from tests.browser.conftest import screenshot
from tests.browser.looking import RAW, serious_violations
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Page types added under the institution's page, and those added once by the platform.
INSTITUTION_PAGES = ["courses.CoursePage", "core.StandardPage"]
PLATFORM_PAGES = ["plans.CurriculumPlanPage"]


def _forms():
    """(name, URL) of each add and edit form, for the demo's first institution."""
    institution = Institution.objects.get(slug="universidad-del-suroeste")
    home = Page.objects.get(pk=institution.root_page_id).get_parent()
    found = []
    for label in [*INSTITUTION_PAGES, *PLATFORM_PAGES]:
        model = apps.get_model(label)
        parent = institution.root_page_id if label in INSTITUTION_PAGES else home.pk
        meta = model._meta
        found.append(
            (
                f"add {label}",
                reverse("wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent)),
            )
        )
        page = model.objects.filter(locale__language_code="es").first()
        if page is not None:
            found.append((f"edit {label}", reverse("wagtailadmin_pages:edit", args=[page.pk])))
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        found.append((f"add {model._meta.label}", reverse(viewset.get_url_name("add"))))
        record = model.objects.order_by("pk").first()
        if record is not None:
            found.append(
                (
                    f"edit {model._meta.label}",
                    reverse(viewset.get_url_name("edit"), args=[record.pk]),
                )
            )
    return found


def test_every_add_and_edit_form_opens_clean_labelled_and_readable(page, demo_server):
    base = demo_server.url
    sign_in_to_the_editor(page, base, "admin@praxis.example")
    problems = []
    for name, path in _forms():
        response = page.goto(base + path)
        if response.status != 200:
            problems.append(f"{name}: {response.status}")
            continue
        page.wait_for_load_state("networkidle")
        main = page.locator("main").inner_text()
        early = "minimum number of items" in main or page.locator(".error-message:visible").count()
        if early:
            problems.append(f"{name}: an error before anything is typed")
        if raw := RAW.findall(main):
            problems.append(f"{name}: raw values {raw[:3]}")
        problems += [f"{name}: {v}" for v in serious_violations(page)]
        screenshot(page, f"editor-{name.replace(' ', '-').replace('.', '-')}")
    assert problems == [], "\n".join(problems)
