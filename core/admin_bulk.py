"""Wagtail's bulk actions (delete, move, publish… several records at once), at their usual
address, keeping to what the user may see.

Wagtail lists, on the confirmation page, the chosen records the user may not act on, by their
titles: asked for another institution's ids (or "all"), it would name them. Here those records
are simply not there; the records the user may see but not act on are still named, as before.
An id no database integer holds names nothing.
config/urls.py puts this pattern before Wagtail's admin, so it answers Wagtail's URL.
"""

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from core.ids import fits_database_integer
from core.visibility import visible_instances

if TYPE_CHECKING:  # the bulk actions the mixin goes before
    from wagtail.admin.views.bulk_action import BulkAction as _BulkAction
else:
    _BulkAction = object


class ScopedBulkActionMixin(_BulkAction):
    @classmethod
    def get_queryset(
        cls, model: type[Model], object_ids: Sequence[str] | QuerySet[Model, Any]
    ) -> list[Model]:
        if isinstance(object_ids, list | tuple):  # ids from the query string, not "select all"
            object_ids = list(filter(fits_database_integer, object_ids))
        return super().get_queryset(model, object_ids)

    def get_actionable_objects(self) -> tuple[list[Model], dict[str, Any]]:
        objects, context = super().get_actionable_objects()
        visible = visible_instances(self.request.user, self.model)
        shown = set(
            visible.filter(pk__in=[o.pk for o in context["items_with_no_access"]]).values_list(
                "pk", flat=True
            )
        )
        context["items_with_no_access"] = [
            o for o in context["items_with_no_access"] if o.pk in shown
        ]
        return objects, context


@cache
def scoped(action_class: type[BulkAction]) -> type[BulkAction]:
    return type(action_class.__name__, (ScopedBulkActionMixin, action_class), {})


@require_admin_access
@display_custom_404
@never_cache
def bulk_action(request: HttpRequest, app_label: str, model_name: str, action: str) -> HttpResponse:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    return scoped(action_class)(request, model).dispatch(request)


urlpatterns = [
    path("<str:app_label>/<str:model_name>/<str:action>/", bulk_action),
]
