"""The editor's history of records (Wagtail's model log entries), scoped: Reports > Site
history, its exports and filters show a person only the entries of records they may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from wagtail.models import ModelLogEntry
from wagtail.models.audit_log import ModelLogEntryManager

from core.visibility import visible_objects

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models.users import User


class ScopedModelLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user: User | AnonymousUser) -> QuerySet[ModelLogEntry]:
        """Wagtail's rule (entries of the models the user holds a permission on), narrowed to
        the records the user may see: another institution's trainee, certificate or round is
        not in their history."""
        entries = super().viewable_by_user(user)
        if user.is_active and user.is_superuser:
            return entries
        types = entries.values_list("content_type_id", flat=True).distinct()
        return entries.filter(visible_objects(user, types))


class ScopedModelLogEntry(ModelLogEntry):
    """Every model's log entries, read through the scoped manager (the same table)."""

    objects = ScopedModelLogEntryManager()

    class Meta:
        proxy = True
