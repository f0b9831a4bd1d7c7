"""The site search page: one box in every page's header leads here."""

from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse

from core import pagecache
from search.services import site_search, suggestions_for_empty_state


@pagecache.for_visitors(pagecache.CONTENT, pagecache.SITE)
def search(request: HttpRequest) -> TemplateResponse:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    results = site_search(request.GET, request.user, page)
    context: dict[str, Any] = {"search": results}
    if not results.hits:
        context["starting_points"] = suggestions_for_empty_state()
    return TemplateResponse(request, "search/search.html", context)
