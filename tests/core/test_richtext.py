"""Rich text loses scripts, event handlers and javascript: links, however it arrives, and
neither the learning site nor the editor ever shows them."""

import json
import re

import pytest
from django.urls import reverse

from core.models import StandardPage
from curriculum.models import InstitutionPolicy
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Asistencia<script>alert(1)</script> '
    '<a href="javascript:alert(2)">aquí</a> <a href="https://praxis.example/">ok</a>'
    '<img src="x" onerror="alert(3)"></p>'
)
FORBIDDEN = ("<script", "onclick", "onerror", "javascript:", "alert(")


# The site's own scripts, loaded from its static files with the response's CSP nonce: the only
# script a page may carry.
OWN_SCRIPT = re.compile(r'<script src="/static/js/[\w.-]+\.js" nonce="[\w-]+" defer></script>')


def assert_harmless(html):
    html = OWN_SCRIPT.sub("", html)
    for fragment in FORBIDDEN:
        assert fragment not in html, fragment


def test_an_imported_policy_is_stored_and_shown_without_scripts(client, two_institutions):
    a = two_institutions[0]
    policy = InstitutionPolicy.objects.create(institution=a, kind="attendance", body=HOSTILE)
    policy.refresh_from_db()
    assert_harmless(policy.body)
    assert 'href="https://praxis.example/"' in policy.body and "Asistencia" in policy.body

    course = factories.course(a)
    page = client.get(course.url).text
    assert "Asistencia" in page
    assert_harmless(page)


def test_a_page_paragraph_is_stored_and_shown_without_scripts(client, home):
    page = StandardPage(title="Normas", slug="normas", body=[("paragraph", HOSTILE)])
    home.add_child(instance=page)
    page.save_revision().publish()
    stored = StandardPage.objects.get(pk=page.pk).body.raw_data[0]["value"]
    assert_harmless(stored)
    assert_harmless(client.get(page.url).text)


def test_a_javascript_link_typed_in_the_editor_never_reaches_the_page_or_the_editor(
    client, two_institutions
):
    a, _b, admin_a, _member_b = two_institutions
    link = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}
    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "text": "Pulse aquí",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 10, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": link},
    }
    client.force_login(admin_a)
    response = client.post(
        reverse("wagtailsnippets_curriculum_institutionpolicy:add"),
        {"institution": a.pk, "kind": "ethics", "body": json.dumps(contentstate)},
    )
    assert response.status_code == 302
    policy = InstitutionPolicy.objects.get(institution=a, kind="ethics")
    assert "Pulse aquí" in policy.body
    assert_harmless(policy.body)
    editor = client.get(
        reverse("wagtailsnippets_curriculum_institutionpolicy:edit", args=[policy.pk])
    )
    assert "javascript:alert" not in editor.text  # the editor has scripts of its own
