from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import Resolver404, get_urlconf, resolve, reverse

from core.ids import fits_database_integer


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 from a language-neutral view stays a 404.

    Django redirects every 404 to the same path under a language prefix when that path is
    valid, and Wagtail's catch-all page route makes every path valid: an admin 404 would
    become a redirect to the learning site.
    """

    def process_response(self, request, response):
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

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            response._csp_config = settings.SECURE_CSP_EDITOR
            response._csp_ro_config = settings.SECURE_CSP
        return response


class OutOfRangeIdMiddleware:
    """A URL whose integer argument no database integer holds (`/learn/offerings/<2⁷⁰>/`)
    names no record: a 404 for every URL pattern, Praxis's and Wagtail's, before a view's
    query would overflow."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not all(map(fits_database_integer, (*view_args, *view_kwargs.values()))):
            raise Http404
