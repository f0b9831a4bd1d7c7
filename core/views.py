"""Account views of the learning site (Django's auth views do the work), the error page shown
when the server is in trouble, and the address browsers report CSP violations to."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import InterfaceError, OperationalError, transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, TemplateView

from core import audit, csp, privacy
from core.forms import EraseMyAccountForm, PasswordResetForm, SignUpForm
from core.models import User
from core.permissions import signed_in
from core.redirects import given_next, language_home, safe_next
from core.throttling import ThrottledFormMixin, count_attempt, too_many

logger = logging.getLogger("praxis.errors")
# Seconds a client is asked to wait before trying again while the database is unreachable.
RETRY_AFTER = 60


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler, which also sees failures in middleware: when the database cannot
    be reached (down when the server started, or gone mid-request) the answer is a 503 saying
    so, and one log line says why; neither shows a traceback."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error(
            "Database unavailable (%s: %s); answered 503 to %s %s",
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error).strip() else "no detail",
            request.method,
            request.path,
        )
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponseServerError(render_to_string("500.html"))


# Browsers send reports without cookies or a CSRF token; the view changes nothing but the log,
# whose lines are checked, shortened and deduplicated (core/csp.py).
@csrf_exempt  # nosemgrep: csrf-exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > csp.MAX_REPORT_BYTES:
        return HttpResponse("The report is too large.", status=413, content_type="text/plain")
    try:
        violations = csp.violations(request.body)
    except csp.InvalidReport as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    for violation in violations:
        csp.log_violation(violation)
    return HttpResponse(status=204)


class SignUpView(ThrottledFormMixin, CreateView[User, SignUpForm]):
    throttle_action = "sign-up"
    form_class = SignUpForm
    template_name = "account/signup.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"next": given_next(self.request)}

    def form_valid(self, form: ModelForm[User]) -> HttpResponse:
        user = form.save()
        login(self.request, user, backend="core.backends.ModelBackend")
        messages.success(self.request, _("Welcome to Praxis! Your account is ready."))
        return redirect(safe_next(self.request))


class LoginView(auth_views.LoginView):
    """Django's log-in, back to where the person was, else to the home page in the language of
    the page they signed in on."""

    template_name = "account/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return language_home()


class LogoutView(auth_views.LogoutView):
    """Django's log-out (it follows a safe `next`), else to the home page in the language of the
    page signed out from."""

    def get_default_redirect_url(self) -> str:
        return language_home()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per network address; an address asked for too often gets no
    more mail for an hour, though the page says the same as ever (so nobody can stop a
    person's reset by asking first, nor learn whether an account exists)."""

    form_class = PasswordResetForm
    template_name = "account/password_reset_form.html"
    success_url = reverse_lazy("account:password_reset_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"next": given_next(self.request)}

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        # The e-mailed link carries the way back, which the reset then offers.
        self.extra_email_context = {"next": given_next(self.request)}
        return super().form_valid(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from_here, for_address = count_attempt(
            request, "password-reset", request.POST.get("email", "")
        )
        if from_here:
            return too_many(request)
        if for_address:
            return redirect(self.success_url)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "account/password_reset_done.html"


# The session key keeping the e-mailed link's `next` while the person chooses a password.
RESET_NEXT = "password_reset_next"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "account/password_reset_confirm.html"
    success_url = reverse_lazy("account:password_reset_complete")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if given_next(request):  # the e-mailed link; Django then drops its token from the URL
            request.session[RESET_NEXT] = given_next(request)
        return super().dispatch(request, *args, **kwargs)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "account/password_reset_complete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "next": self.request.session.pop(RESET_NEXT, "")
        }


class MyDataView(LoginRequiredMixin, TemplateView):
    """What Praxis keeps about the signed-in person, the download of all of it, and the
    erasure of their account, which is theirs to ask."""

    template_name = "account/my_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = signed_in(self.request)
        return super().get_context_data(**kwargs) | {
            "kept": privacy.summary(user),
            "erase_form": kwargs.get("erase_form") or EraseMyAccountForm(user),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = signed_in(request)
        if any(count_attempt(request, "account-erasure", user.email)):
            return too_many(request)
        form = EraseMyAccountForm(user, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(erase_form=form))
        with transaction.atomic():
            changed = privacy.erase(user)
            audit.record(getattr(user, "trainee", None) or user, audit.ERASURE, user, rows=changed)
        logout(request)
        messages.success(request, _("Your account and your personal data are erased."))
        return redirect("/")


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    """A ZIP of everything Praxis keeps about the person (JSON and their PDFs); logged."""
    user = signed_in(request)
    filename = f"praxis-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(privacy.export_zip(user), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    audit.record_download(request, getattr(user, "trainee", None) or user, filename)
    return response
