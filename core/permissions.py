"""Who may do what: each role's permissions, and the policy that scopes institution records.

Wagtail's page and collection permissions scope pages and media by subtree and collection; the
institution-owned plain models are scoped here, by queryset, so that another institution's
record is simply not there (404) rather than forbidden.
"""

from django.http import Http404
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.models import Role

PAGE_PERMISSIONS = {
    Role.INSTITUTION_ADMIN: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.REVIEWER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.COURSE_AUTHOR: ["add_page", "change_page"],
}

# Wagtail checks image and document permissions against its own base models, custom models too.
_MEDIA_EDIT = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
COLLECTION_PERMISSIONS = {
    Role.INSTITUTION_ADMIN: [
        *_MEDIA_EDIT,
        "wagtailimages.delete_image",
        "wagtaildocs.delete_document",
    ],
    Role.REVIEWER: _MEDIA_EDIT,
    Role.COURSE_AUTHOR: _MEDIA_EDIT,
}

MODEL_PERMISSIONS = {
    Role.INSTITUTION_ADMIN: [
        "wagtailadmin.access_admin",
        "core.view_institution",
        "core.change_institution",
        "core.view_membership",
        "core.add_membership",
        "core.change_membership",
        "core.delete_membership",
    ],
    Role.REVIEWER: ["wagtailadmin.access_admin"],
    Role.COURSE_AUTHOR: ["wagtailadmin.access_admin"],
    Role.PLACEMENT_COORDINATOR: ["wagtailadmin.access_admin"],
    Role.EVALUATOR: ["wagtailadmin.access_admin"],
    Role.FACULTY: [],
}


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the instances a scope function lets the user reach."""

    def __init__(self, model, scope):
        super().__init__(model)
        self.scope = scope

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.user_has_any_permission(user, actions)
            and self.scope(user).filter(pk=instance.pk).exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


class ScopedIndexMixin:
    """For Wagtail's generic listing: only the records in the user's scope, in list and export."""

    def get_base_queryset(self):
        return self.permission_policy.scope(self.request.user)


class ScopedObjectMixin:
    """For Wagtail's generic single-object views: a record outside the user's scope is a 404."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.permission_policy.scope(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj
