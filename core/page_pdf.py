"""A page's PDF at `<page url><name>.pdf`, served by the page's own `RoutablePageMixin` routes.

Wagtail routes the request and runs its serving hooks as for the page itself, so the page's
view restrictions (log-in, password, groups) apply to its PDF. A web worker never renders:
a PDF not stored yet is queued for the task worker, and the request answers at once — a
browser is sent to `<name>/`, a page that shows the render's progress and opens the PDF when
it is ready (its stage polled at `<name>/status/`); anything else gets 503 and Retry-After.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.models import RenderedPdf
from core.pdf import pdf_response

# How long a client that is not a browser is told to wait before asking again.
RETRY_AFTER_SECONDS = 10


@dataclass(frozen=True)
class PagePdf:
    """What a page type says about its PDF: its name in the URL, how to find the stored
    record for the page's published revision without rendering it, the task that renders it
    (given the page's id), and the words of its progress page."""

    name: str
    record: Callable[[Any], RenderedPdf]
    task: Any
    heading: Promise
    lead: Promise
    download: Promise

    def url(self, page: Page, request: HttpRequest, suffix: str = ".pdf") -> str:
        return f"{page.get_url(request)}{self.name}{suffix}"


def wants_html(request: HttpRequest) -> bool:
    """Whether a person's browser asked: it names text/html, where a script or a download
    tool asks for anything (*/*) or for a PDF."""
    return "text/html" in request.headers.get("Accept", "")


def _queued(page: Page, spec: PagePdf) -> RenderedPdf:
    """The page's PDF record, its render queued unless it is stored or a worker holds it."""
    row = spec.record(page)
    if not row.ready and (row.claimed_until is None or row.claimed_until < timezone.now()):
        spec.task.enqueue(page.pk)
        row.refresh_from_db()  # a task backend that runs at once has stored it already
    return row


def serve_pdf(page: Page, request: HttpRequest, spec: PagePdf) -> HttpResponseBase:
    row = _queued(page, spec)
    if not row.ready:
        if wants_html(request):
            return redirect(spec.url(page, request, "/"))
        response = HttpResponse(
            _("This PDF is still being prepared. Try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    address = public_address(request)
    if row.public_path != address and not page.get_view_restrictions().exists():
        # Anyone may read it: StoredPdfMiddleware serves this address from storage from now on.
        RenderedPdf.objects.filter(pk=row.pk).update(public_path=address)
    return pdf_response(request, row)


def serve_progress(page: Page, request: HttpRequest, spec: PagePdf) -> HttpResponse:
    row = _queued(page, spec)
    if row.ready:
        return redirect(spec.url(page, request))
    title = page.title
    return page.render(
        request,
        template="core/pdf_progress.html",
        context_overrides={
            "status": row,
            "heading": spec.heading,
            "lead": spec.lead % {"title": title},
            "download": spec.download,
            "pdf_url": spec.url(page, request),
            "status_url": spec.url(page, request, "/status/"),
        },
    )


def serve_status(page: Page, request: HttpRequest, spec: PagePdf) -> JsonResponse:
    """The render's stage, for the progress page to poll."""
    row = spec.record(page)
    return JsonResponse(
        {
            "ready": row.ready,
            "stage": row.get_stage_display(),
            "progress": row.progress,
            "failed": row.stage == RenderedPdf.Stage.FAILED,
            "url": spec.url(page, request),
        },
        headers={"Cache-Control": "no-store"},
    )


def public_address(request: HttpRequest) -> str:
    return f"{request.get_host()}{request.path}"[:255]
