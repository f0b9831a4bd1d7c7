"""Every editor address that names a record keeps to the user's institutions, by construction.

The addresses come from the URL map itself (every viewset, snippet, page, image, document,
report and custom view), not from a list: each one with an argument is asked, as every staff
role of one region's institution and authority, for the record of the same kind that belongs to
the other region. The answer (after one redirect within the editor) shows nothing of the
other region's records, each of which carries the region's tag in its name; and posting to every
such address changes none of them.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from core.models import StandardPage, User
from tests.core.test_hidden_fields import ROLES, region_world

# The walk also opens the screens that say where a record is used, read from the reference index.
pytestmark = [pytest.mark.django_db, pytest.mark.indexed]

# Arguments that name a record without the view saying its model.
MODEL_OF_ARGUMENT = {
    "page_id": Page,
    "parent_page_id": Page,
    "image_id": get_image_model(),
    "document_id": get_document_model(),
    "user_id": User,
    "group_id": Group,
}
# Kinds the editor shows that belong to no institution: the platform's own settings, reference
# data and Wagtail's machinery, kept by the platform administrators.
PLATFORM = {
    "auth.Group", "core.User", "core.Region", "wagtailcore.Locale", "wagtailcore.Site",
    "wagtailcore.Collection", "wagtailcore.Workflow", "wagtailcore.Task",
    "wagtailcore.GroupApprovalTask", "assessment.AuthorityReviewTask",
    "wagtailsearchpromotions.Query", "wagtailsearchpromotions.SearchPromotion",
    "wagtailredirects.Redirect", "curriculum.ServiceField", "curriculum.TrainingTier",
    "curriculum.ProfessionalLevel", "curriculum.EmployerKind", "curriculum.ServiceMethod",
    "curriculum.CompetencyFramework", "curriculum.Competency",
    "courses.ContinuingEducationRule", "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction", "wagtailcore.Revision", "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry", "wagtailcore.WorkflowState", "wagtailcore.TaskState",
    "wagtailcore.Comment", "wagtailcore.CommentReply", "wagtailcore.UploadedFile",
    "wagtailcore.ReferenceIndex", "wagtailimages.Rendition", "core.PraxisRendition",
    "wagtailadmin.EditingSession", "wagtailcore.PageSubscription",
    "wagtailcore.BaseViewRestriction",
}  # fmt: skip


THEIR_TAG = "Beta"
# The page chooser browses any page by design (a link may go to another institution's public
# page): it lists only live pages, public on the site anyway, and the user's own drafts; the
# test below checks that another institution's draft is never among them.
BROWSES_PUBLIC_PAGES = {"/admin/choose-page/{parent_page_id}/"}


def admin_routes(resolver=None, prefix=""):
    """Every pattern under /admin/ with an argument, as (route with {name} holes, names)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = str(entry.pattern)
        if route.startswith("^"):  # i18n prefixes and Wagtail's page catch-all have none here
            route = re.sub(r"\(.*\)|[\^$\\?*+]", "", route)
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if isinstance(entry, URLResolver):
            yield from admin_routes(entry, prefix + route)
        elif isinstance(entry, URLPattern) and (prefix + route).startswith("admin/"):
            names = re.findall(r"{(\w+)}", prefix + route)
            if names:
                yield "/" + prefix + route, names


def model_of(route, names):
    """The kind of record the address names: what its view says, else what its argument
    says."""
    try:
        match = resolve(route.format(**dict.fromkeys(names, "1")))
    except Resolver404:
        return None
    view = match.func
    model = getattr(view, "view_initkwargs", {}).get("model") or getattr(
        getattr(view, "view_class", None), "model", None
    )
    if isinstance(model, str):
        model = apps.get_model(model)
    return model if isinstance(model, type) else MODEL_OF_ARGUMENT.get(names[0])


def record_of(model, records):
    return next((r for r in records if isinstance(r, model)), None)


def address(route, names, record):
    """The route filled for the record: its id first, a revision of it, else the id again."""
    values = {names[0]: record.pk}
    for name in names[1:]:
        if name == "revision_id" and getattr(record, "latest_revision_id", None):
            values[name] = record.latest_revision_id
        else:
            values[name] = record.pk
    return route.format(**values)


def fingerprint(records):
    return {
        (type(r)._meta.label, r.pk): list(type(r)._base_manager.filter(pk=r.pk).values())
        for r in records
    }


def shows_their_records(client, response, hops=1):
    """Whether the answer shows anything of the other region's records (each carries its tag
    in its name), following one redirect within the editor."""
    if response.status_code >= 500:
        return True
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302) and location.startswith("/admin/") and hops:
        return shows_their_records(client, client.get(location), hops - 1)
    return THEIR_TAG in response.content.decode(errors="replace")


def test_every_admin_address_of_a_record_keeps_to_the_users_institutions(client, home):
    ours, our_records = region_world("Alfa")
    _theirs, their_records = region_world(THEIR_TAG)
    walked, unwalked, own_seen, leaks = set(), set(), set(), set()
    routes = sorted({(route, tuple(names)) for route, names in admin_routes()})
    plan = []
    for route, names in routes:
        model = model_of(route, list(names))
        if model is None:
            continue
        theirs = record_of(model, their_records)
        if theirs is None:
            unwalked.add(model._meta.label)
            continue
        plan.append((route, list(names), theirs, record_of(model, our_records)))
    before = fingerprint(their_records)
    for role in ROLES:
        client.force_login(ours[role])
        for route, names, theirs, own in plan:
            url = address(route, names, theirs)
            for method in (client.get, client.post):
                if shows_their_records(client, method(url)):
                    leaks.add(route)
            walked.add(route)
            own_url = address(route, names, own) if own is not None else None
            if role == ROLES[0] and own_url and client.get(own_url).status_code == 200:
                own_seen.add(route)
    assert leaks == BROWSES_PUBLIC_PAGES
    assert fingerprint(their_records) == before
    assert unwalked <= PLATFORM, sorted(unwalked - PLATFORM)
    # The walk reaches the screens: the institution's own records open at many of them.
    assert len(walked) > 100 and len(own_seen) > 30, (len(walked), len(own_seen))


def test_the_explorer_opens_only_at_ones_own_pages_and_the_chooser_lists_no_foreign_draft(
    client, home
):
    ours, _our_records = region_world("Alfa")
    _theirs, their_records = region_world(THEIR_TAG)
    their_course = next(r for r in their_records if isinstance(r, Page))
    their_institution_page = their_course.get_parent()
    their_draft = their_institution_page.add_child(
        instance=StandardPage(title=f"Borrador {THEIR_TAG}", live=False)
    )
    admin = ours[ROLES[0]]
    our_course = next(r for r in _our_records if isinstance(r, Page))
    our_draft = our_course.get_parent().add_child(
        instance=StandardPage(title="Borrador Alfa", live=False)
    )
    client.force_login(admin)
    for page in (their_institution_page, their_course, their_draft):
        assert client.get(f"/admin/pages/{page.pk}/").status_code == 404
        assert client.get(f"/admin/pages/{page.pk}/results/").status_code == 404
    root_listing = client.get(f"/admin/pages/{home.pk}/").text
    assert our_course.get_parent().title in root_listing
    assert their_institution_page.title not in root_listing
    assert "Borrador Alfa" in client.get(f"/admin/pages/{our_draft.get_parent().pk}/").text
    chooser = client.get(f"/admin/choose-page/{their_institution_page.pk}/").json()["html"]
    assert their_course.title in chooser and their_draft.title not in chooser
