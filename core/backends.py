"""Django's model backend, reading a person's permissions in one query instead of two."""

from django.contrib.auth import backends
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Model, Q


class ModelBackend(backends.ModelBackend):
    """Every learning-site page asks for the reader's permissions (the header's links to the
    editor and the quality reports): their own and their groups' come in one query."""

    def get_all_permissions(
        self, user_obj: AbstractBaseUser | AnonymousUser, obj: Model | None = None
    ) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cached: set[str] | None = getattr(user_obj, "_perm_cache", None)
        if cached is None:
            permissions = Permission.objects.all()
            if not getattr(user_obj, "is_superuser", False):
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            cached = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).order_by()
            }
            user_obj._perm_cache = cached  # type: ignore[attr-defined]
        return cached
