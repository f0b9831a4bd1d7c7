"""A form never accepts a field its user cannot see.

Every editor form (each viewset's add and edit forms, snippets, pages, images and documents)
is opened as every role that can open it. Every field the form would accept must be on the
rendered page; and posting an edit form back with each field of the record it does not show,
given another value, must leave those fields as they were. (Forms holding a StreamField, whose
data only the editor's scripts write, get the first check.)
"""

import contextlib
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import NoReverseMatch, reverse
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.blocks.base import BlockField
from wagtail.models import Page

from core.models import Role
from tests import factories, worlds

pytestmark = pytest.mark.django_db

# What saving a page or snippet changes by itself, whatever the form holds.
BOOKKEEPING = {
    "path", "depth", "numchild", "url_path", "content_type", "translation_key", "locale",
    "draft_title", "latest_revision", "latest_revision_created_at", "has_unpublished_changes",
    "live_revision", "last_published_at", "first_published_at", "locked", "locked_at",
    "locked_by", "workflow_states", "_revisions",
}  # fmt: skip


def region_world(tag):
    """A region's teaching institution and its supervising authority: their people by role
    (the authority's prefixed) and their records."""
    region = factories.region(f"Región {tag}")
    teaching = worlds.teaching_institution(tag, region)
    authority = worlds.supervising_authority(tag, region, [teaching.institution])
    people = {**teaching.people, **{f"authority-{r}": u for r, u in authority.people.items()}}
    return people, [*teaching.records, *authority.records]


@pytest.fixture
def world(home):
    people, records = region_world("Alfa")
    people["superuser"] = factories.user(email="root@example.org", is_superuser=True)
    return people, records


ROLES = [
    *worlds.TEACHING_ROLES,
    f"authority-{Role.INSTITUTION_ADMIN}",
    f"authority-{Role.EVALUATOR}",
]


def viewset_for(model):
    reverse("wagtailadmin_home")  # the admin's URLs register its viewsets
    for viewset in admin_viewsets.viewsets:
        if (
            isinstance(viewset, ModelViewSet)
            and getattr(viewset, "model", None) is model
            and "Chooser" not in type(viewset).__name__
        ):
            return viewset
    return None


def form_urls(record):
    """The add and edit addresses of the record's editor form, where it has them."""
    model = type(record)
    label = model._meta.label
    if isinstance(record, Page):
        return [
            ("edit", reverse("wagtailadmin_pages:edit", args=[record.pk])),
            ("add", reverse("wagtailadmin_pages:add_subpage", args=[record.get_parent().pk])),
        ]
    if label == "core.PraxisImage":
        return [("edit", reverse("wagtailimages:edit", args=[record.pk]))]
    if label == "core.PraxisDocument":
        return [("edit", reverse("wagtaildocs:edit", args=[record.pk]))]
    viewset = viewset_for(model)
    if viewset is None:
        return []
    urls = []
    for view, args in (("edit", [quote(record.pk)]), ("add", [])):
        with contextlib.suppress(NoReverseMatch):
            urls.append((view, reverse(viewset.get_url_name(view), args=args)))
    return urls


def main_form(html):
    """The page's editing form (the POST form with the most named controls) and the
    controls that belong to it, inside it or outside it with its id in their form=."""
    page = BeautifulSoup(html, "html.parser")
    forms = page.find_all("form", method=lambda m: m and m.lower() == "post")
    form = max(forms, key=lambda f: len(f.find_all(attrs={"name": True})), default=None)
    if form is None:
        return None, [], page
    outside = page.find_all(attrs={"form": form.get("id")}) if form.get("id") else []
    return form, [*form.find_all(["input", "select", "textarea"]), *outside], page


def rendered_data(form, controls):
    """What the browser would send for the form as rendered, without scripts; the names of
    its controls; and the ids of its elements (a StreamField is a block element named by
    its id, which the editor's scripts fill in)."""
    data, names, ids = {}, set(), set()
    for control in controls:
        if control.get("id"):
            ids.add(control["id"])
        name = control.get("name")
        if not name:
            continue
        names.add(name)
        if control.name == "input":
            kind = control.get("type", "text")
            if kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if kind in {"checkbox", "radio"} and not control.has_attr("checked"):
                continue
            default = "on" if kind in {"checkbox", "radio"} else ""
            data.setdefault(name, []).append(control.get("value", default))
        elif control.name == "select":
            chosen = control.find_all("option", selected=True)
            if not chosen and not control.has_attr("multiple"):
                chosen = control.find_all("option")[:1]
            data.setdefault(name, []).extend(option.get("value", "") for option in chosen)
        else:
            data.setdefault(name, []).append(control.text)
    ids.update(element["id"] for element in form.find_all(attrs={"id": True}))
    names.update(element["id"] for element in form.find_all(attrs={"data-block": True}))
    return data, names, ids


def is_shown(name, names, ids):
    return (
        name in names
        or any(other.startswith((f"{name}-", f"{name}_")) for other in names)
        or f"id_{name}" in ids
    )


def another_value(field, current):
    """A value the field does not hold now, as a form would post it."""
    if isinstance(field, models.BooleanField):
        return "" if current else "on"
    if isinstance(field, models.ForeignKey | models.ManyToManyField | models.OneToOneField):
        related = field.related_model._default_manager.exclude(
            pk__in=[getattr(current, "pk", current)]
        ).first()
        return str(related.pk) if related else None
    if isinstance(field, models.DateTimeField):
        return "2001-02-03 04:05"
    if isinstance(field, models.DateField):
        return "2001-02-03"
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        return str((current or 0) + 3)
    if isinstance(field, models.EmailField):
        return "posted@example.org"
    if isinstance(field, models.URLField):
        return "https://posted.example.org/"
    if isinstance(field, models.CharField | models.TextField):
        if field.choices:
            return next((str(value) for value, _l in field.choices if value != current), None)
        return "posted"
    return None


def stamped_by(field, record, person):
    """Whether the field names the person who saved: a view stamps it (created_by…)."""
    return field.is_relation and getattr(record, field.attname, None) == person.pk


def stored(record, field):
    value = getattr(record, field.attname) if not field.many_to_many else None
    if field.many_to_many:
        return sorted(getattr(record, field.name).values_list("pk", flat=True))
    return value.isoformat() if isinstance(value, date | datetime) else value


def hidden_model_fields(record, names, ids):
    model = type(record)
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.primary_key or field.name in BOOKKEEPING or field.auto_created:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if isinstance(field, models.FileField | models.JSONField) or field.name.endswith("_ptr"):
            continue
        if not is_shown(field.name, names, ids):
            yield field


def opened_forms(client, records):
    """(url, view, record, response) of each editor form of the records the client opens."""
    seen = set()
    for record in records:
        if isinstance(record, Page):
            record = record.specific
        for view, url in form_urls(record):
            if url in seen:
                continue
            seen.add(url)
            page = client.get(url)
            if page.status_code == 200 and page.context and "form" in page.context:
                yield url, view, record, page


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_no_form_accepts_or_keeps_a_field_its_user_cannot_see(client, world, role):
    people, records = world
    client.force_login(people[role])
    opened, accepted_unseen, changed = 0, [], []
    for url, view, record, page in opened_forms(client, records):
        form, controls, whole_page = main_form(page.text)
        assert form is not None, url
        data, names, ids = rendered_data(form, controls)
        # A control elsewhere on the page is seen too (the comments panel's switch, say).
        seen = names | {c["name"] for c in whole_page.find_all(attrs={"name": True})}
        opened += 1
        accepted_unseen += [
            f"{url} {name}" for name in page.context["form"].fields if not is_shown(name, seen, ids)
        ]
        # A StreamField's data is written by the editor's scripts: its form is checked above.
        if view != "edit" or any(
            isinstance(f, BlockField) for f in page.context["form"].fields.values()
        ):
            continue
        before = type(record)._default_manager.get(pk=record.pk)
        fields = list(hidden_model_fields(before, names, ids))
        posted = {f.name: another_value(f, getattr(before, f.name, None)) for f in fields}
        posted = {name: value for name, value in posted.items() if value is not None}
        client.post(url, {**data, **posted})
        after = type(record)._default_manager.get(pk=record.pk)
        changed += [
            f"{url} {field.name}: {stored(before, field)!r} → {stored(after, field)!r}"
            for field in fields
            if field.name in posted
            and stored(before, field) != stored(after, field)
            and not stamped_by(field, after, people[role])
        ]
    if role != Role.FACULTY:  # faculty record results on screens of their own, not forms
        assert opened, f"{role} opened no form at all"
    assert not accepted_unseen, "forms accept fields the page does not show"
    assert not changed, "posting fields the page does not show changed them"


def choice_fields(form):
    """(name, field) of every choice of a record in the form and its inline forms."""
    for name, field in form.fields.items():
        if hasattr(field, "queryset"):
            yield name, field
    for relation, formset in getattr(form, "formsets", {}).items():
        for name, field in choice_fields(formset.empty_form):
            if name != formset.model._meta.pk.name:  # the row's own id: Django checks it
                yield f"{relation}-{name}", field


@pytest.mark.parametrize("role", ROLES)
def test_no_form_offers_a_record_of_another_region(client, world, role):
    """Every foreign key a form accepts is limited to what its user may choose: nothing of
    another institution, nor another authority, is among the choices."""
    people, records = world
    _theirs_people, theirs = region_world("Beta")
    theirs_by_model = {}
    for record in theirs:
        for model in [*type(record)._meta.get_parent_list(), type(record)]:
            theirs_by_model.setdefault(model, set()).add(record.pk)
    theirs_by_model[type(people[role])] = {u.pk for u in _theirs_people.values()}
    client.force_login(people[role])
    offered = []
    for url, _view, _record, page in opened_forms(client, records):
        for name, field in choice_fields(page.context["form"]):
            foreign = theirs_by_model.get(field.queryset.model, set())
            found = set(field.queryset.filter(pk__in=foreign).values_list("pk", flat=True))
            offered += [f"{url} {name}: {pk}" for pk in sorted(found)]
    assert not offered, "forms offer records of another region's institutions"
