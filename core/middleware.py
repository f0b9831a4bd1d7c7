from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import Resolver404, get_urlconf, resolve


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
