"""Certificates in the editor: revoked and re-issued by staff, downloaded as PDFs."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scoped_views import ScopedInspectView
from core.viewsets import ScopedModelViewSet, YesNoColumn
from courses import certificates
from courses.models import (
    Certificate,
)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the certificate revoked?"),
        max_length=255,
        help_text=gettext_lazy("Kept on record; the verification page only says “revoked”."),
    )


class CertificateActionView(ScopedInspectView):
    """Revoke or re-issue a certificate from its page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        certificate = self.object
        if not self.can_change(certificate):
            raise PermissionDenied
        if not certificate.is_valid:
            messages.error(request, _("A revoked certificate stays revoked."))
            return redirect(self.get_inspect_url_for(certificate))
        if request.POST.get("action") == "reissue":
            new = certificates.reissue(certificate)
            messages.success(
                request,
                _("Certificate %(old)s is revoked and re-issued as %(new)s.")
                % {"old": certificate.number, "new": new.number},
            )
            return redirect(self.get_inspect_url_for(new))
        form = RevokeForm(request.POST)
        if form.is_valid():
            certificates.revoke(certificate, form.cleaned_data["reason"])
            messages.success(
                request, _("Certificate %(number)s is revoked.") % {"number": certificate.number}
            )
        else:
            messages.error(request, _("Say why the certificate is revoked."))
        return redirect(self.get_inspect_url_for(certificate))

    def get_inspect_url_for(self, certificate: Certificate) -> str:
        return reverse(self.index_url_name.replace(":index", ":inspect"), args=[certificate.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["revoke_form"] = RevokeForm()
        context["can_change"] = self.can_change(self.object)
        context["pdf_url"] = reverse(
            self.index_url_name.replace(":index", ":pdf"), args=[self.object.pk]
        )
        return context

    def can_change(self, certificate: Certificate) -> bool:
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", certificate
        )


class CertificatePdfView(ScopedInspectView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not self.object.is_valid:
            raise Http404
        return certificates.certificate_response(request, self.object)


class CertificateViewSet(ScopedModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificates")
    add_view_enabled = False
    edit_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = CertificateActionView
    inspect_template_name = "courses/admin/certificate_inspect.html"
    form_fields = ["revocation_reason"]  # never edited here: revoke and re-issue are actions
    inspect_view_fields = [
        "number",
        "holder_name",
        "course_title",
        "hours",
        "completed_on",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "replaces",
    ]
    list_display = [
        "number",
        "holder_name",
        "course_title",
        "completed_on",
        YesNoColumn("is_valid", label=gettext_lazy("Valid")),
    ]
    list_filter = ["completed_on", "revoked_at"]
    list_export = ["number", "holder_name", "course_title", "hours", "completed_on", "revoked_at"]
    export_filename = "certificates"
    export_logged_via = "enrolment__offering__institution"
    search_fields = ["number", "holder_name", "course_title"]

    def get_urlpatterns(self) -> list[URLPattern]:
        view = self.construct_view(CertificatePdfView, **self.get_inspect_view_kwargs())
        return [*super().get_urlpatterns(), path("<int:pk>/pdf/", view, name="pdf")]
