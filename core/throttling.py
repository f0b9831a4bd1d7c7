"""Limits on what can be tried again and again: log-ins (django-axes) and the forms that
create accounts or send e-mail. Addresses are counted by their digest, never kept as such."""

import hashlib
from typing import TYPE_CHECKING, Any

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.models.users import PraxisUserManager

if TYPE_CHECKING:  # the form views this mixin is put before
    from django.views.generic.edit import ProcessFormView as _FormView
else:
    _FormView = object


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The name django-axes counts failed log-ins under: the address as authentication reads
    it (trimmed, lower-case), so no spelling of it buys more tries."""
    data = credentials or request.POST
    return PraxisUserManager.normalize_email(data.get("username") or "")


# How many times an hour one network address, and one e-mail address, may post each form:
# enough for a person's mistakes, too few to create accounts, send mail or guess a password.
LIMITS = {"sign-up": (10, 3), "password-reset": (10, 3), "account-erasure": (10, 5)}
WINDOW_SECONDS = 60 * 60


def _count(key: str) -> int:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, WINDOW_SECONDS)
        return 1


def _key(action: str, kind: str, value: str) -> str:
    return f"throttle:{action}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def count_attempt(request: HttpRequest, action: str, email: str) -> tuple[bool, bool]:
    """Count this attempt at `action` from the request's network address (as django-axes
    reads it, behind a proxy too) and for `email`; whether each went over its hourly limit,
    as (address, e-mail)."""
    per_address, per_email = LIMITS[action]
    address = get_client_ip_address(request) or ""
    return (
        _count(_key(action, "address", address)) > per_address,
        _count(_key(action, "email", PraxisUserManager.normalize_email(email))) > per_email,
    )


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "account/throttled.html", status=429)


class ThrottledFormMixin(_FormView):
    """A form view whose posts are limited per network address and per e-mail address; over
    either limit, the person is told to wait and nothing happens."""

    throttle_action = ""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if any(count_attempt(request, self.throttle_action, request.POST.get("email", ""))):
            return too_many(request)
        return super().post(request, *args, **kwargs)
