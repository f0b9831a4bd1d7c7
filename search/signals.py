"""Keep the search index in step with many-to-many changes.

modelsearch reindexes an object when it is saved, but a form saves many-to-many fields (a
material's fields of service) after the object, so without this the index would hold the old
ones until the next save."""

from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed
from modelsearch.index import class_is_indexed
from modelsearch.tasks import insert_or_update_object_task


def reindex_after_m2m_change(
    sender: type[models.Model], instance: models.Model, action: str, reverse: bool, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    if class_is_indexed(type(instance)) and getattr(instance, "search_auto_update", True):
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )


def connect() -> None:
    m2m_changed.connect(reindex_after_m2m_change, dispatch_uid="search-reindex-after-m2m")
