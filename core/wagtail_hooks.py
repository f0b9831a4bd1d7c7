from typing import Any

from django.db import models
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.log_actions import LogActionRegistry
from wagtail.models import ModelLogEntry, Page
from wagtail.query import PageQuerySet

from core import admin_api, audit, pagecache
from core.models import ScopedModelLogEntry
from core.permissions import choosable_pages, explorable_pages
from core.viewsets import PageViewSet, PeopleAndPlacesGroup


@hooks.register("register_admin_viewset")
def register_people_and_places() -> PeopleAndPlacesGroup:
    return PeopleAndPlacesGroup()


@hooks.register("register_admin_viewset")  # after Wagtail's own, which is order -1
def register_page_views() -> PageViewSet:
    return PageViewSet(name="praxis_pages")


@hooks.register("insert_global_admin_css")
def admin_layouts() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def name_rich_text_editors() -> str:
    return format_html('<script src="{}"></script>', static("js/editor-labels.js"))


@hooks.register("register_log_actions")
def register_audit_actions(actions: LogActionRegistry) -> None:
    audit.register_actions(actions)


@hooks.register("register_log_actions", order=1)  # after Wagtail's own registration
def read_model_history_through_the_scope(actions: LogActionRegistry) -> None:
    """Model log entries are written and read as ScopedModelLogEntry (the same table), so
    Site history, its exports and its filters keep to what each person may see."""
    actions.register_model(models.Model, ScopedModelLogEntry)
    actions.log_entry_models.discard(ModelLogEntry)


@hooks.register("construct_admin_api", order=1)  # after Wagtail registers its endpoints
def scope_admin_api(router: WagtailAPIRouter) -> None:
    admin_api.construct(router)


@hooks.register("construct_page_chooser_queryset")
def offer_only_choosable_pages(pages: PageQuerySet, request: HttpRequest) -> PageQuerySet:
    return choosable_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def list_only_explorable_pages(
    parent_page: Page, pages: PageQuerySet, request: HttpRequest
) -> PageQuerySet:
    return explorable_pages(request.user, pages)


@hooks.register("before_serve_page")
def keep_for_visitors(
    page: Page, request: HttpRequest, serve_args: tuple[Any, ...], *_: Any
) -> None:
    """A page may be kept for visitors (core.pagecache): it shows itself and the site's header;
    page types add what else they show in `get_context`. A routable page's other routes (a
    syllabus's progress) are not kept."""
    if serve_args and getattr(serve_args[0], "__name__", None) != "index_route":
        return
    pagecache.keep_for_visitors(request, pagecache.page_tag(page.translation_key), pagecache.SITE)
