"""The privacy registry: where Praxis keeps a person's data, and how it is exported and erased.

Each app declares in its `privacy.py` the models that hold personal data — how to reach the
person from a row, and the value each personal field takes once erased — and the models linked
to a person that hold none, with the reason. tests/core/test_privacy.py walks every model: one
linked to a user, a trainee, a faculty member or a registered model that is in neither list
fails the suite, so new personal data cannot slip past export and erasure.

Erasure anonymises rather than deletes: enrolments, grades, hours and placements stay, so the
quality figures computed from them do not change, but nothing in them points to a person any
more — nor do log entries, revisions, sessions, lock-out records or rendered PDFs.

An account is its person's: erasing it everywhere (`erase`) is theirs to ask, in "My data", or
the platform administrators'. An institution removes a person from its own records only
(`erase_at`): a holder names the lookup from a row to its institution, and the record that
row hangs from (an enrolment's trainee, a term's teacher) is swapped for an anonymous stand-in,
so the institution's figures stay and nothing of them leads back to the person.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from wagtail.models import ModelLogEntry, Revision

from core.storage import delete_on_commit

if TYPE_CHECKING:
    from core.models import Institution, User

# What a name becomes once erased: not a translation, since it is stored.
ERASED = "—"


@dataclass(frozen=True)
class Holder[M: Model]:
    """A model holding personal data: `person` is the lookup from a row to its person's User,
    `erased` maps each personal field to the value it takes once erased, `files` gives, from
    the person's rows, their files as (name in the export, bytes), and `after_erase`, given the
    rows as they were, clears what fields cannot (stored files, rendered PDFs)."""

    model: type[M]
    person: str
    erased: dict[str, Any]
    files: Callable[[QuerySet[M]], Iterable[tuple[str, bytes]]] | None = None
    after_erase: Callable[[Sequence[M]], None] | None = None
    institution: str | None = None
    detach: str | None = None
    # What an institution's erasure changes in a row it reaches, if not `erased` (a trainee's
    # own profile keeps their name but loses an identity number that institution typed in).
    erased_at: dict[str, Any] | None = None
    # What "My data" calls these rows, if the model's plural name would not tell the person.
    label: StrOrPromise | None = None

    def rows(self, user: User) -> QuerySet[M]:
        return self.model._default_manager.filter(**{self.person: user.pk}).order_by("pk")

    def rows_at(self, user: User, institutions: Sequence[Institution]) -> QuerySet[M]:
        """The person's rows that belong to these institutions (none if the model belongs to
        no institution: the person's own profile, say)."""
        if self.institution is None:
            return self.model._default_manager.none()
        return self.rows(user).filter(**{f"{self.institution}__in": institutions}).distinct()


# Each holder's rows about a person, as they were before an erasure changed them.
HeldRows = list[tuple[Holder[Any], list[Model]]]

HOLDERS: dict[str, Holder[Any]] = {}
EXEMPT: dict[str, str] = {}
# Records of people that are archived, never deleted: only an erasure changes them.
ARCHIVED: set[str] = set()


def holds[M: Model](
    model: type[M],
    *,
    person: str,
    erased: dict[str, Any],
    files: Callable[[QuerySet[M]], Iterable[tuple[str, bytes]]] | None = None,
    after_erase: Callable[[Sequence[M]], None] | None = None,
    institution: str | None = None,
    detach: str | None = None,
    erased_at: dict[str, Any] | None = None,
    label: StrOrPromise | None = None,
) -> None:
    """Declare a model holding a person's data. `institution` is the lookup from a row to the
    institution it belongs to; `detach` names the field pointing to the person's record (a
    trainee, a teacher), which an institution's erasure points at an anonymous stand-in;
    `erased_at` is what that erasure changes instead of `erased`; `label` names the rows for
    the person in "My data"."""
    HOLDERS[model._meta.label] = Holder(
        model, person, erased, files, after_erase, institution, detach, erased_at, label
    )


# Fields of an institution's records that name a person's record without being that person's
# data (a placement's supervisors, a pool's members): (model, field, institution lookup).
REFERENCES: list[tuple[type[Model], str, str]] = []


def refers(model: type[Model], field: str, *, institution: str) -> None:
    """Declare a field (a foreign key or many-to-many) of an institution's records pointing to
    a person's record, which that institution's erasure points at the anonymous stand-in (or,
    for a many-to-many, no longer at the person)."""
    REFERENCES.append((model, field, institution))


def exempt(labels: Sequence[str], reason: str) -> None:
    """Models linked to a person that hold no personal data of their own, and why."""
    for label in [labels] if isinstance(labels, str) else labels:
        EXEMPT[label] = reason


def archive(*models: type[Model]) -> None:
    """Declare records that no one deletes, not even a superuser: they stay for the record and
    the statistics, and only an erasure anonymises them."""
    ARCHIVED.update(model._meta.label for model in models)


def _plain(value: object) -> object:
    """A field's value as JSON can hold it: related rows by name, files by their name."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def export_rows(user: User) -> dict[str, list[dict[str, object]]]:
    """Every registered row about the user, as {model label: [{field: value}]}."""
    data = {}
    for label, holder in sorted(HOLDERS.items()):
        fields = [f for f in holder.model._meta.concrete_fields if f.name != "password"]
        related = [f.name for f in fields if f.is_relation]  # named in one query, not per row
        rows = [
            {f.name: _plain(getattr(row, f.name)) for f in fields}
            for row in (
                holder.rows(user).select_related(*related) if related else holder.rows(user)
            )
        ]
        if rows:
            data[label] = rows
    return data


def summary(user: User) -> list[tuple[str | Promise, int]]:
    """What is kept about the user: (kind of record, how many), for the person to see."""
    kept: list[tuple[str | Promise, int]] = []
    for holder in HOLDERS.values():
        count = holder.rows(user).count()
        if count:
            kept.append((holder.label or holder.model._meta.verbose_name_plural, count))
    return sorted(kept, key=lambda item: str(item[0]))


def export_zip(user: User) -> bytes:
    """A ZIP of the user's data: `data.json`, and their files (certificates, evidence)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(export_rows(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for holder in HOLDERS.values():
            if holder.files:
                for name, data in holder.files(holder.rows(user)):
                    archive.writestr(name, data)
    return output.getvalue()


def _person_objects(user: User) -> HeldRows:
    """The registered rows about the user, by holder, before anything changes."""
    return [(holder, list(holder.rows(user))) for holder in HOLDERS.values()]


@transaction.atomic
def erase(user: User) -> int:
    """Anonymise the person everywhere; safe to run again. Returns how many rows changed."""
    email = user.email
    objects = _person_objects(user)
    # The user row last: the other holders find their rows through it.
    changed = _anonymise([(h, rows) for h, rows in objects if h.model is not get_user_model()])
    user.email = f"erased-{user.pk}-{uuid.uuid4().hex[:8]}@erased.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    _erase_traces(user, email, objects)
    return changed


@transaction.atomic
def erase_at(user: User, institutions: Sequence[Institution]) -> int:
    """Remove the person from these institutions' records only: their rows there are
    anonymised (with their files) and hang from an anonymous stand-in record instead of the
    person's; their account, their own profile and other institutions' records stay. Safe to
    run again. Returns how many rows changed."""
    objects: HeldRows = [
        (holder, list(holder.rows_at(user, institutions))) for holder in HOLDERS.values()
    ]
    changed = _anonymise(objects, scoped=True)
    stand_ins: dict[type[Model], Model] = {}

    def stand_in(record_model: type[Model]) -> Model:
        if record_model not in stand_ins:
            stand_ins[record_model] = record_model._default_manager.create(
                **HOLDERS[record_model._meta.label].erased
            )
        return stand_ins[record_model]

    for holder, rows in objects:
        if holder.detach and rows:
            record_model = holder.model._meta.get_field(holder.detach).related_model
            changed += holder.model._default_manager.filter(pk__in=[r.pk for r in rows]).update(
                **{holder.detach: stand_in(record_model)}
            )
    for model, name, institution in REFERENCES:
        field = model._meta.get_field(name)
        related_model = cast(type[Model], field.related_model)  # a relation's: never None
        referring = model._default_manager.filter(
            pk__in=model._default_manager.filter(
                **{f"{name}__user": user, f"{institution}__in": institutions}
            ).values("pk")
        )
        if field.many_to_many:
            records = related_model._default_manager.filter(user=user)
            for row in referring:
                getattr(row, name).remove(*records)
                changed += 1
        else:
            changed += referring.update(**{name: stand_in(related_model)})
    _forget_in_history_and_search(objects)
    return changed


@transaction.atomic
def erase_record(row: Model) -> int:
    """Anonymise one registered record of a person without an account (a practitioner who
    teaches but never signs in): its personal fields and files, the titles its log entries and
    revisions keep, and its search entry. Safe to run again. Returns how many rows changed."""
    objects: HeldRows = [(HOLDERS[row._meta.label], [row])]
    changed = _anonymise(objects)
    _forget_in_history_and_search(objects)
    return changed


def _anonymise(objects: HeldRows, *, scoped: bool = False) -> int:
    """Give each holder's rows their erased values (for an institution's erasure, the values
    it declares for that) and run its after_erase on them."""
    changed = 0
    for holder, rows in objects:
        erased = holder.erased_at if scoped and holder.erased_at is not None else holder.erased
        changed += holder.model._default_manager.filter(pk__in=[r.pk for r in rows]).update(
            **erased
        )
        if holder.after_erase:
            holder.after_erase(rows)
    return changed


def _erase_traces(user: User, email: str, objects: HeldRows) -> None:
    """What holds a person's traces outside their rows: sessions, lock-out records, the
    titles log entries and revisions keep of their objects, and the search index."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    _forget_in_history_and_search(objects)


def _forget_in_history_and_search(objects: HeldRows) -> None:
    from wagtail.search import index

    _relabel_log_entries({holder.model: rows for holder, rows in objects})
    for holder, rows in objects:
        if issubclass(holder.model, index.Indexed):
            for row in holder.model._default_manager.filter(pk__in=[r.pk for r in rows]):
                index.insert_or_update_object(row)


def _relabel_log_entries(rows_by_model: Mapping[type[Model], Sequence[Model]]) -> None:
    """Log entries and revisions keep the title their object had: give them today's, erased."""
    from django.contrib.contenttypes.models import ContentType

    for model, rows in rows_by_model.items():
        if not rows:
            continue
        content_type = ContentType.objects.get_for_model(model)
        fresh = model._default_manager.in_bulk([r.pk for r in rows])
        for pk, row in fresh.items():
            ModelLogEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(
                label=str(row)[:255]
            )
            Revision.objects.filter(content_type=content_type, object_id=str(pk)).update(
                object_str=str(row)[:255]
            )


def linked_models() -> set[str]:
    """Every model linked to a person: by a relation to a model registered as holding a
    person's data (the user, a trainee's or teacher's record, and every other)."""
    people = set(HOLDERS)
    linked = set()
    for model in apps.get_models():
        related = {
            f.related_model
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model not in (None, model)
        }
        if any(other._meta.label in people for other in related):
            linked.add(model._meta.label)
    return linked


# Django's and Wagtail's own models, declared here since they have no privacy.py of their own.
ACTOR_REASON = (
    "Names the staff member who did something (edited, uploaded, recorded, locked); erasing "
    "that person anonymises the user row it points to, so it names no one."
)
exempt(
    [
        "wagtailcore.Page",
        "core.PraxisImage",
        "core.PraxisDocument",
        "wagtaildocs.Document",
        "wagtailimages.Image",
        "wagtailcore.UploadedFile",
        "wagtailcore.Revision",
        "wagtailcore.WorkflowState",
        "wagtailcore.TaskState",
        "wagtailcore.Comment",
        "wagtailcore.CommentReply",
        "wagtailcore.PageSubscription",
        "admin.LogEntry",
        # wagtail-localize: who last changed a translated text or an override of a segment.
        "wagtail_localize.StringTranslation",
        "wagtail_localize.SegmentOverride",
    ],
    ACTOR_REASON,
)


def stored_files(
    field: str, folder: str
) -> Callable[[Iterable[Model]], Iterator[tuple[str, bytes]]]:
    """A `files` handler: the file each row keeps in `field`, exported under `folder/`."""

    def files(rows: Iterable[Model]) -> Iterator[tuple[str, bytes]]:
        for row in rows:
            file = getattr(row, field)
            if file.name:
                with file.open("rb") as stored:
                    yield f"{folder}/{row.pk}-{file.name.rsplit('/', 1)[-1]}", stored.read()

    return files


def delete_stored_files(field: str) -> Callable[[Iterable[Model]], None]:
    """An `after_erase` handler: the files the rows kept in `field` are deleted once the
    erasure is committed (a failed one keeps them)."""

    def delete(rows: Iterable[Model]) -> None:
        for row in rows:
            file = getattr(row, field)
            if file.name:
                delete_on_commit(file)

    return delete


def delete_rows(rows: Sequence[Model]) -> None:
    """An `after_erase` handler for rows worth nothing once erased: they are deleted."""
    if rows:
        type(rows[0])._default_manager.filter(pk__in=[row.pk for row in rows]).delete()


def _register_core() -> None:
    from wagtail.admin.models import EditingSession, FormState
    from wagtail.models import APIToken, PageLogEntry
    from wagtail.users.models import UserProfile

    from core.models import Membership

    user_model = get_user_model()
    holds(user_model, person="pk", erased={}, label=_("Your account"))
    holds(
        Membership,
        person="user",
        erased={},
        after_erase=delete_rows,
        institution="institution",
        label=_("Your roles at institutions"),
    )
    holds(
        UserProfile,
        person="user",
        erased={"avatar": ""},
        files=stored_files("avatar", "avatar"),
        after_erase=delete_stored_files("avatar"),
        label=_("Your settings in the editor"),
    )
    # What the person did in the editor: kept, pointing to the anonymised user.
    holds(ModelLogEntry, person="user", erased={}, label=_("Changes you made to records"))
    holds(PageLogEntry, person="user", erased={}, label=_("Changes you made to pages"))
    # Editor state and access tokens: nothing to keep.
    for model, label in (
        (EditingSession, _("Pages you had open in the editor")),
        (FormState, _("Unsaved forms in the editor")),
        (APIToken, _("Access keys")),
    ):
        holds(model, person="user", erased={}, after_erase=delete_rows, label=label)


_register_core()
