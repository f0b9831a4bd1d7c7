"""What a person may see at all in the editor, for the screens that list records of many kinds:
Reports (Site history, workflows), the editor's API, bulk actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.permissions import policy_registry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models import User


def visible_instances[M: Model](user: User | AnonymousUser, model: type[M]) -> QuerySet[M]:
    """The records of `model` the user may see, as its listings show them: a scoped model's
    scope (core.permissions.ScopedPermissionPolicy), the pages they may explore, the images
    and documents of their collections; for other models (reference data, Wagtail's own),
    every record if they hold any permission on the model."""
    manager = model._default_manager
    if user.is_active and user.is_superuser:
        return manager.all()
    policy = policy_registry.get_by_type(model)
    if hasattr(policy, "scope"):
        return policy.scope(user)
    if hasattr(policy, "explorable_instances"):  # pages
        return manager.filter(pk__in=policy.explorable_instances(user).values("pk"))
    if hasattr(policy, "collections_user_has_any_permission_for"):  # images, documents
        return policy.instances_user_has_any_permission_for(user, ["change", "choose"])
    actions = ["view", "add", "change", "delete"]
    return manager.all() if policy.user_has_any_permission(user, actions) else manager.none()


def visible_objects(
    user: User | AnonymousUser, content_type_ids: Iterable[int], *, prefix: str = ""
) -> Q:
    """A Q that keeps, of rows pointing to records generically (a content type and an object
    id, as log entries and workflow states do), those whose record the user may see."""
    shown = Q(pk__in=[])
    for type_id in set(content_type_ids):
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # an app removed since: nothing of it to see
            continue
        keys = visible_instances(user, model).annotate(key=Cast("pk", CharField()))
        shown |= Q(
            **{f"{prefix}content_type_id": type_id, f"{prefix}object_id__in": keys.values("key")}
        )
    return shown
