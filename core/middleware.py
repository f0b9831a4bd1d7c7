from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import Resolver404, get_urlconf, resolve, reverse

from core.ids import fits_database_integer
from core.models import RenderedPdf
from core.page_pdf import public_address
from core.pdf import pdf_response

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 from a language-neutral view stays a 404.

    Django redirects every 404 to the same path under a language prefix when that path is
    valid, and Wagtail's catch-all page route makes every path valid: an admin 404 would
    become a redirect to the learning site.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.status_code == 404:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None) or get_urlconf())
            except Resolver404:
                pass
            else:
                return response
        return super().process_response(request, response)


class EditorContentSecurityPolicyMiddleware:
    """Gives the Wagtail editor the policy it needs: it still runs some inline scripts (inline
    panels, date pickers), which the learning site's strict policy would block. Only staff reach
    the editor; the learning site keeps script-src 'self' with a nonce.

    The editor also gets the strict policy as report-only, so the browser reports what Wagtail
    still does inline, and the editor can be held to it once Wagtail no longer needs it."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            # What Django's CSP middleware reads, as its csp_override decorators set them; the
            # stubs do not declare these private attributes.
            response._csp_config = settings.SECURE_CSP_EDITOR  # type: ignore[attr-defined]
            response._csp_ro_config = settings.SECURE_CSP  # type: ignore[attr-defined]
        return response


class OutOfRangeIdMiddleware:
    """A URL whose integer argument no database integer holds (`/learn/offerings/<2⁷⁰>/`)
    names no record: a 404 for every URL pattern, Praxis's and Wagtail's, before a view's
    query would overflow."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        if not all(map(fits_database_integer, (*view_args, *view_kwargs.values()))):
            raise Http404


class StoredPdfMiddleware:
    """A stored PDF that anyone may read, served from its address with one query, before any
    page routing: a page's PDF route records the address once the PDF is public
    (core.page_pdf), and publishing, unpublishing, moving or restricting the page forgets it."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and request.path.endswith(".pdf"):
            row = RenderedPdf.public_at(public_address(request))
            if row is not None:
                return pdf_response(request, row)
        return self.get_response(request)
