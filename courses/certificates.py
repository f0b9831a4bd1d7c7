"""Certificates: issued to completers, printed through core.pdf with a QR code that links to
the public verification page, revoked or re-issued by staff, downloaded one by one or as a ZIP."""

import datetime
import io
import zipfile

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core import audit, pdf
from core.models import RenderedPdf
from core.services import preferred_language
from courses.models import Certificate, CourseOffering, Enrolment


def issue_certificate(enrolment: Enrolment, *, replaces: Certificate | None = None) -> Certificate:
    """The enrolment's valid certificate, created if it has none."""
    existing = enrolment.certificates.valid().first()
    if existing is not None:
        return existing
    offering, trainee = enrolment.offering, enrolment.trainee
    return Certificate.objects.create(
        enrolment=enrolment,
        holder_name=str(trainee),
        course_title=offering.course.title,
        hours=offering.course_taught.hours["total"],
        completed_on=enrolment.ended_at.date() if enrolment.ended_at else offering.ends_on,
        replaces=replaces,
    )


def revoke(
    certificate: Certificate, reason: str, *, now: datetime.datetime | None = None
) -> Certificate:
    if not reason.strip():
        raise ValueError(_("Say why the certificate is revoked; the reason stays on record."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            return certificate
        certificate.revoked_at = now or timezone.now()
        certificate.revocation_reason = reason.strip()
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
        forget_pdf(certificate)
    return certificate


def forget_pdf(certificate: Certificate) -> None:
    """Delete the certificate's rendered PDF (and its file), e.g. once it says something old."""
    RenderedPdf.objects.filter(scope=_scope(certificate)).delete()


def reissue(certificate: Certificate, *, now: datetime.datetime | None = None) -> Certificate:
    """A new number with today's holder name and course title; the old number is revoked."""
    with transaction.atomic():
        old = revoke(certificate, _("Re-issued."), now=now)
        return issue_certificate(old.enrolment, replaces=old)


def certificate_language(certificate: Certificate) -> str:
    """The trainee's language (the one they signed up in), else the offering's."""
    enrolment = certificate.enrolment
    return preferred_language(enrolment.trainee.user_id, enrolment.offering.language)


def verification_url(certificate: Certificate, language: str | None = None) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(language or certificate_language(certificate)):
        return base + reverse("courses:verify_certificate", args=[certificate.number])


def _scope(certificate: Certificate) -> str:
    return f"certificate/{certificate.number}"


def render_certificate(certificate: Certificate, on_stage: pdf.OnStage | None = None) -> pdf.Pdf:
    offering = certificate.enrolment.offering
    language = certificate_language(certificate)
    url = verification_url(certificate, language)
    return pdf.render_pdf(
        "courses/certificate_pdf.html",
        {
            "certificate": certificate,
            "offering": offering,
            "logo": pdf.logo_url(offering.institution),
            "verification_url": url,
            "qr_svg": qr_svg(url),
        },
        language=language,
        on_stage=on_stage,
    )


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG, a square per dark module: built by format_html, so
    nothing in it is trusted unescaped."""
    matrix = segno.make(url, error="m").matrix
    path = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}"><path d="{}"/></svg>',
        len(matrix),
        len(matrix),
        path,
    )


def certificate_filename(certificate: Certificate) -> str:
    return pdf.pdf_filename(certificate.number, "certificate")


def certificate_response(request: HttpRequest, certificate: Certificate) -> HttpResponseBase:
    """The certificate's PDF for the request, its download logged (a 304 is not a download:
    the browser's copy was logged when it came)."""
    response = pdf.pdf_response(request, certificate_pdf(certificate))
    if response.status_code == 200:
        audit.record_download(request, certificate, certificate_filename(certificate))
    return response


def certificate_pdf(certificate: Certificate) -> RenderedPdf:
    """The stored PDF of a valid certificate, rendered now if it is not yet."""
    return pdf.stored_pdf(
        _scope(certificate),
        _scope(certificate),
        lambda on_stage: render_certificate(certificate, on_stage),
        filename=certificate_filename(certificate),
    )


def certificates_zip(offering: CourseOffering) -> bytes:
    """Every valid certificate of the offering, in one ZIP archive."""
    certificates = (
        Certificate.objects.valid()
        .filter(enrolment__offering=offering)
        .select_related("enrolment__offering__institution", "enrolment__offering__course")
        .order_by("holder_name", "number")
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            stored = certificate_pdf(certificate)
            with stored.file.open("rb") as handle:
                archive.writestr(certificate_filename(certificate), handle.read())
    return output.getvalue()
