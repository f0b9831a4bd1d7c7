"""Wagtail's own screens that list records of many kinds keep to what each person may see:
every report (as a page, CSV and XLSX), every endpoint of the editor's API and every bulk
action, opened by each role of one region's institutions, names nothing of another region's.

Everything of the other region carries "Beta" in its name, and each of its records has a line
in the history, so a leak shows as that word."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from wagtail.admin.urls import reports
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.log_actions import log
from wagtail.models import Page

from core.models import PraxisDocument, PraxisImage, Role
from tests import factories, worlds

pytestmark = pytest.mark.django_db

TAG = "Beta"
ROLES = [
    *worlds.TEACHING_ROLES,
    f"authority-{Role.INSTITUTION_ADMIN}",
    f"authority-{Role.EVALUATOR}",
]


def region(tag):
    """A region's institution and authority, with a history line on each of their records, a
    framework change waiting for review and a locked page."""
    place = factories.region(f"Región {tag}")
    teaching = worlds.teaching_institution(tag, place)
    authority = worlds.supervising_authority(tag, place, [teaching.institution])
    admin = teaching.people[Role.INSTITUTION_ADMIN]
    records = [*teaching.records, *authority.records]
    for record in records:
        log(record, "wagtail.edit", user=admin)
    framework = next(r for r in authority.records if r._meta.model_name == "indicatorframework")
    framework.save_revision(user=authority.people[Role.EVALUATOR])
    framework.get_workflow().start(framework, authority.people[Role.EVALUATOR])
    course = next(r for r in records if isinstance(r, Page)).specific
    course.locked, course.locked_by = True, admin
    course.save(update_fields=["locked", "locked_by"])
    people = {**teaching.people, **{f"authority-{r}": u for r, u in authority.people.items()}}
    return people, records


@pytest.fixture
def regions(home):
    ours, _records = region("Alfa")
    _people, theirs = region(TAG)
    return ours, theirs


def text_of(response):
    """What a person reads in a response: its HTML or JSON, or the cells of a spreadsheet."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # XLSX: the strings of the workbook
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return " ".join(
                workbook.read(name).decode()
                for name in workbook.namelist()
                if name.endswith(".xml")
            )
    return body.decode(errors="replace")


def leaks(response):
    """The lines of the response that name something of the other region (CSRF tokens, 64
    random letters and digits, are left out: one may spell the tag)."""
    text = re.sub(r"\s+", " ", re.sub(r"\b[A-Za-z0-9]{64}\b", "", text_of(response)))
    return [
        text[max(0, m.start() - 60) : m.end() + 60]
        for m in re.finditer(TAG, text, flags=re.IGNORECASE)
    ]


def report_urls():
    for pattern in reports.urlpatterns:
        url = reverse(f"wagtailadmin_reports:{pattern.name}")
        yield url
        yield url + "?export=csv"
        yield url + "?export=xlsx"


def api_urls(theirs):
    for endpoint in ("pages", "images", "documents"):
        yield f"/admin/api/main/{endpoint}/?limit=100"
    for record in theirs:
        if isinstance(record, PraxisImage):
            yield f"/admin/api/main/images/{record.pk}/"
        elif isinstance(record, PraxisDocument):
            yield f"/admin/api/main/documents/{record.pk}/"
        elif isinstance(record, Page):
            yield f"/admin/api/main/pages/{record.pk}/"


def bulk_urls(theirs):
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # registers them
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            ids = [
                r.pk
                for r in theirs
                if r._meta.app_label == app_label and r._meta.model_name == model_name
            ]
            chosen = "&".join(f"id={pk}" for pk in ids) or "id=1"
            for action in actions:
                url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
                yield f"{url}?{chosen}"
                yield f"{url}?id=all"


@pytest.mark.parametrize("role", ROLES)
def test_reports_the_admin_api_and_bulk_actions_name_nothing_of_another_region(
    client, regions, role
):
    people, theirs = regions
    client.force_login(people[role])
    found, answered = [], 0
    for url in [*report_urls(), *api_urls(theirs), *bulk_urls(theirs)]:
        response = client.get(url)
        assert response.status_code != 500, url
        answered += response.status_code == 200
        found += [f"{url}: …{line}…" for line in leaks(response)]
    assert answered, f"{role} opened none of them"
    assert not found, "\n".join(found)
