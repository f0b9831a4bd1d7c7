"""Wagtail's admin views, each limited to the records in the user's scope.

The scoped viewsets (`core.viewsets.ScopedModelViewSet`, `ScopedSnippetViewSet` and
`ScopedChooserViewSet`) declare these classes, and a view a viewset swaps in subclasses one of
them. A test walks every registered viewset of a model with a scoped policy and fails on any
view of one record that is not scoped, so a view a later Wagtail adds is caught there rather
than served unscoped.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import BooleanField, DateTimeField, Field
from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views import generic
from wagtail.models import TaskState
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as snippet_views

from core.permissions import (
    ScopedChooseMixin,
    ScopedChosenMixin,
    ScopedIndexMixin,
    ScopedObjectMixin,
)
from core.spreadsheets import ListingExportMixin

if TYPE_CHECKING:  # the Wagtail views the mixins go before
    from wagtail.admin.views.generic import InspectView as _InspectView
    from wagtail.admin.views.generic.workflow import WorkflowAction as _WorkflowAction
else:
    _InspectView = _WorkflowAction = object

# What an inspect view shows for a field with no value.
EMPTY = "—"


class ReadableValuesMixin(_InspectView):
    """Wagtail's inspect view prints an unset field as `None` (or nothing under its label), a
    yes-or-no field as `True` and a time as stored; staff read a dash, Yes or No, and a time in
    local time formatted for their language. A view's own `get_<field>_display_value` still has
    the last word."""

    def get_field_display_value(self, field_name: str, field: Any) -> Any:
        value = super().get_field_display_value(field_name, field)
        if hasattr(self, f"get_{field_name}_display_value"):
            return value
        stored = field.value_from_object(self.object) if isinstance(field, Field) else value
        # Wagtail writes "-" for an empty list of related records.
        if value in (None, "", "-") or stored is None or stored == "":
            return EMPTY
        if isinstance(field, BooleanField):
            return _("Yes") if stored else _("No")
        if isinstance(field, DateTimeField):
            return date_format(localtime(stored), "DATETIME_FORMAT")
        return value


# Wagtail's generic model views.


class ScopedIndexView(ScopedIndexMixin, ListingExportMixin, generic.IndexView):
    pass


class ScopedCreateView(ScopedObjectMixin, generic.CreateView):
    pass


class ScopedCopyView(ScopedObjectMixin, generic.CopyView):
    pass


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, generic.UsageView):
    pass


class ScopedInspectView(ScopedObjectMixin, ReadableValuesMixin, generic.InspectView):
    pass


# Snippets' views: the model views with revisions, drafts, previews, locking and workflows.


class ScopedSnippetIndexView(ScopedIndexMixin, ListingExportMixin, snippet_views.IndexView):
    pass


class ScopedSnippetCreateView(ScopedObjectMixin, snippet_views.CreateView):
    pass


class ScopedSnippetCopyView(ScopedObjectMixin, snippet_views.CopyView):
    pass


class ScopedSnippetEditView(ScopedObjectMixin, snippet_views.EditView):
    pass


class ScopedSnippetDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    pass


class ScopedSnippetHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    pass


class ScopedSnippetUsageView(ScopedObjectMixin, snippet_views.UsageView):
    pass


class ScopedSnippetInspectView(ScopedObjectMixin, ReadableValuesMixin, snippet_views.InspectView):
    pass


class ScopedPreviewOnCreateView(ScopedObjectMixin, snippet_views.PreviewOnCreateView):
    pass


class ScopedPreviewOnEditView(ScopedObjectMixin, snippet_views.PreviewOnEditView):
    pass


class ScopedPreviewRevisionView(ScopedObjectMixin, snippet_views.PreviewRevisionView):
    pass


class ScopedRevisionsCompareView(ScopedObjectMixin, snippet_views.RevisionsCompareView):
    pass


class ScopedRevisionsUnscheduleView(ScopedObjectMixin, snippet_views.RevisionsUnscheduleView):
    pass


class ScopedUnpublishView(ScopedObjectMixin, snippet_views.UnpublishView):
    pass


class ScopedLockView(ScopedObjectMixin, snippet_views.LockView):
    pass


class ScopedUnlockView(ScopedObjectMixin, snippet_views.UnlockView):
    pass


class WorkflowOutcomeMessageMixin(_WorkflowAction):
    """Approving or requesting changes from the dashboard's review panel says what happened,
    as the editor's own buttons do; Wagtail's dashboard action returns without a word."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        title = get_latest_str(self.object)
        if self.task_state.status == TaskState.STATUS_REJECTED:
            messages.success(
                request,
                _("Changes requested on “%(title)s”: it goes back to its author.")
                % {"title": title},
            )
        elif self.task_state.status == TaskState.STATUS_APPROVED:
            waiting = self.object.current_workflow_task
            message = (
                _("“%(title)s” is approved and now waits for “%(task)s”.")
                if waiting is not None
                else _("“%(title)s” is approved and published.")
            )
            messages.success(request, message % {"title": title, "task": waiting})
        return response


class ScopedWorkflowActionView(
    WorkflowOutcomeMessageMixin, ScopedObjectMixin, snippet_views.WorkflowActionView
):
    pass


class ScopedCollectWorkflowActionDataView(
    ScopedObjectMixin, snippet_views.CollectWorkflowActionDataView
):
    pass


class ScopedConfirmWorkflowCancellationView(
    ScopedObjectMixin, snippet_views.ConfirmWorkflowCancellationView
):
    pass


class ScopedWorkflowPreviewView(ScopedObjectMixin, snippet_views.WorkflowPreviewView):
    pass


class ScopedWorkflowHistoryView(ScopedObjectMixin, snippet_views.WorkflowHistoryView):
    pass


class ScopedWorkflowHistoryDetailView(ScopedObjectMixin, snippet_views.WorkflowHistoryDetailView):
    pass


# The snippet chooser's views.


class ScopedChooseView(ScopedChooseMixin, chooser.ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, chooser.ChooseResultsView):
    pass


class ScopedChosenView(ScopedChosenMixin, chooser.SnippetChosenView):
    pass


class ScopedChosenMultipleView(ScopedChooseMixin, chooser.SnippetChosenMultipleView):
    pass
