"""Wagtail's page explorer at its usual addresses, opening only at pages on the way to or
within the user's own (`core.permissions.explorable_pages`); another institution's page is a
404. The explorer's listings keep to the same pages through the
`construct_explorer_page_queryset` hook (core/wagtail_hooks.py).

config/urls.py puts these patterns before Wagtail's admin, so they answer Wagtail's URLs.
The page chooser is left to browse anywhere: it offers only live pages, public on the site,
and the user's own drafts (`core.permissions.choosable_pages`).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin import urls as wagtail_admin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from core.permissions import explorable_pages

EXPLORER_URL_NAMES = {"wagtailadmin_explore", "wagtailadmin_explore_results"}


def explorable_parent_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def opened_at_an_explorable_page(
        request: HttpRequest, *args: Any, parent_page_id: int, **kwargs: Any
    ) -> HttpResponse:
        if not explorable_pages(request.user, Page.objects.filter(pk=parent_page_id)).exists():
            raise Http404
        return view(request, *args, parent_page_id=parent_page_id, **kwargs)

    return opened_at_an_explorable_page


urlpatterns = [
    path(str(pattern.pattern), explorable_parent_only(pattern.callback))
    for pattern in wagtail_admin_urls.urlpatterns
    if getattr(pattern, "name", None) in EXPLORER_URL_NAMES
]
for decorator in (require_admin_access, display_custom_404, never_cache):
    urlpatterns = decorate_urlpatterns(urlpatterns, decorator)
