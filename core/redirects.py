"""Where a person goes after signing in, up or out, or resetting their password: back where
they were (`next`, checked to stay on this site), else the home page in the language of the
page they came from."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

NEXT = "next"


def language_home() -> str:
    """The home page in the active language (the one of the URL's prefix)."""
    return reverse("wagtail_serve", args=[""])


def given_next(request: HttpRequest) -> str:
    """The request's `next` (posted, else in the query) if it stays on this site, else ""."""
    target = request.POST.get(NEXT) or request.GET.get(NEXT) or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def safe_next(request: HttpRequest, default: str = "") -> str:
    """Where to go now: the given `next`, else `default`, else the home page in the current
    language."""
    return given_next(request) or default or language_home()
