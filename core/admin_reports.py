"""Wagtail's own reports (site history, locked and aging pages, workflows, page types) at their
usual addresses, keeping to what the user may see, with exports escaped like Praxis's own: a
cell never starts a formula.

config/urls.py puts these patterns before Wagtail's admin, so they answer Wagtail's URLs; each
view is a subclass of Wagtail's with `ListingExportMixin` (and, where Wagtail would show
other institutions' records or people, a mixin that keeps to the user's), wrapped as Wagtail
wraps its admin's views: admin access required, its 404 page, never cached.

Model log entries are already read through the scope (core.models.ScopedModelLogEntry); what
is narrowed here is what Wagtail reads around them: the site history's and locked pages'
filters, the workflow reports' states and filters, and each page type's count and last
edited page.
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseBase
from django.urls import path
from django.views import View
from django.views.decorators.cache import never_cache
from django_filters import FilterSet
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404, reports
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
    get_actions_for_filter,
    get_users_for_filter,
)
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
)
from wagtail.models import Page, Task, TaskState, Workflow, WorkflowState
from wagtail.utils.urlpatterns import decorate_urlpatterns

from core.models import User
from core.spreadsheets import ListingExportMixin
from core.visibility import visible_instances, visible_objects

if TYPE_CHECKING:  # the report views the mixins go before
    from wagtail.admin.views.reports import ReportView as _ReportView
else:
    _ReportView = object


class SiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The people and actions offered are those of the entries the user may see (Wagtail
    offers everyone who ever edited a page)."""

    def get_users_queryset(self) -> QuerySet[User]:
        return get_users_for_filter(self.request.user)

    def get_action_choices(self) -> list[tuple[str, str]]:
        return get_actions_for_filter(self.request.user)


class ScopedSiteHistory:
    filterset_class = SiteHistoryFilterSet


class VisibleLockersFilterSet(LockedPagesReportFilterSet):
    """Offers the people who locked a page the user may see (Wagtail: anyone who locked any)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pages = visible_instances(self.request.user, Page).filter(locked=True)
        self.filters["locked_by"].queryset = User.objects.filter(
            pk__in=pages.values("locked_by_id")
        )


class ScopedLockedPages:
    filterset_class = VisibleLockersFilterSet


def visible_states(
    user: User | AnonymousUser, states: QuerySet[WorkflowState]
) -> QuerySet[WorkflowState]:
    """Workflow states of pages (as Wagtail scopes them) and of records the user may see."""
    return states.filter(visible_objects(user, states.values_list("content_type_id", flat=True)))


def _narrow_workflow_filters(filterset: FilterSet, states: QuerySet[WorkflowState]) -> None:
    """Offer only the workflows, tasks and requesters of the states the user may see."""
    filters = filterset.filters
    if "workflow" in filters:
        filters["workflow"].queryset = Workflow.objects.filter(pk__in=states.values("workflow_id"))
    if "task" in filters:
        filters["task"].queryset = Task.objects.filter(
            workflow_tasks__workflow__in=states.values("workflow_id")
        ).distinct()
    if "requested_by" in filters:
        filters["requested_by"].queryset = User.objects.filter(
            pk__in=states.values("requested_by_id")
        )


class VisibleWorkflowFilterSet(WorkflowReportFilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = visible_states(self.request.user, WorkflowState.objects.all())
        _narrow_workflow_filters(self, states)


class VisibleWorkflowTasksFilterSet(WorkflowTasksReportFilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = visible_states(self.request.user, WorkflowState.objects.all())
        _narrow_workflow_filters(self, states)


class ScopedWorkflows(_ReportView):
    filterset_class = VisibleWorkflowFilterSet

    def get_queryset(self) -> QuerySet[WorkflowState]:
        return visible_states(self.request.user, super().get_queryset())


class ScopedWorkflowTasks(_ReportView):
    filterset_class = VisibleWorkflowTasksFilterSet

    def get_queryset(self) -> QuerySet[TaskState]:
        states = visible_states(self.request.user, WorkflowState.objects.all())
        return super().get_queryset().filter(workflow_state__in=states)


class CountedPageType(Protocol):
    """A page type (a content type) as the page types report lists it, with its counts."""

    visible_count: int
    visible_last_edited_id: int | None
    count: int
    last_edited_page_id: int | None


class ScopedPageTypesUsage(_ReportView):
    """Each page type's count and last edited page among the pages the user may explore,
    with the report's language and site filters, and the types ordered by that count."""

    def get_queryset(self) -> QuerySet[ContentType]:
        queryset = super().get_queryset()
        chosen = self.filters.form.cleaned_data
        pages = visible_instances(self.request.user, Page)
        if chosen.get("page_locale"):
            pages = pages.filter(locale__language_code=chosen["page_locale"])
        if chosen.get("site"):
            pages = pages.filter(path__startswith=chosen["site"])
        of_type = pages.filter(content_type=OuterRef("pk"))
        counted = of_type.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        latest = of_type.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            visible_count=Coalesce(Subquery(counted), 0),
            visible_last_edited_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-visible_count", "app_label", "model")

    def decorate_paginated_queryset(
        self, page_types: Sequence[CountedPageType]
    ) -> Sequence[CountedPageType]:
        for page_type in page_types:
            page_type.count = page_type.visible_count
            page_type.last_edited_page_id = page_type.visible_last_edited_id
        return super().decorate_paginated_queryset(page_types)


SCOPES = {
    LogEntriesView: ScopedSiteHistory,
    LockedPagesView: ScopedLockedPages,
    WorkflowView: ScopedWorkflows,
    WorkflowTasksView: ScopedWorkflowTasks,
    PageTypesUsageReportView: ScopedPageTypesUsage,
}


class ClassView(Protocol):
    """A view made by a class's `as_view()`, which keeps its class and arguments."""

    view_class: type[View]
    view_initkwargs: dict[str, Any]


def scoped_and_formula_safe(view: ClassView) -> Callable[..., HttpResponseBase]:
    view_class = view.view_class
    mixins = [m for base, m in SCOPES.items() if issubclass(view_class, base)]
    safe_class: type[View] = type(
        view_class.__name__, (*mixins, ListingExportMixin, view_class), {}
    )
    return safe_class.as_view(**view.view_initkwargs)


urlpatterns = [
    path(str(report.pattern), scoped_and_formula_safe(report.callback))
    for report in reports.urlpatterns
]
for decorator in (require_admin_access, display_custom_404, never_cache):
    urlpatterns = decorate_urlpatterns(urlpatterns, decorator)
