"""The one way Praxis makes PDFs: an HTML template rendered by WeasyPrint.

Syllabi, plan books, certificates and quality reports all come through `render_pdf`, whose URL
fetcher serves only the project's own static and media files, never the network, and through
`stored_pdf`, which renders each document once and keeps it in storage.
"""

import logging
import os
import re
import tempfile
import time
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from core.models import RenderedPdf

logger = logging.getLogger(__name__)

# Templates name their files under this origin; the ".invalid" domain can never resolve, so a
# URL under it that the fetcher does not serve from the project fails without touching a network.
PDF_ORIGIN = "https://pdf.praxis.invalid"
STATIC_PREFIX = "/static/"
MEDIA_PREFIX = "/media/"
# Embedded images are resampled to at most this resolution.
IMAGE_DPI = 200


def static_url(name):
    """The address a PDF template uses for one of the project's static files."""
    return f"{PDF_ORIGIN}{STATIC_PREFIX}{name}"


def media_url(file):
    """The address a PDF template uses for a stored file (an image rendition, say)."""
    return f"{PDF_ORIGIN}{MEDIA_PREFIX}{file.name}"


def page_of_pages_css():
    """The translated "Page N of M" as a CSS `content` value with the page counters in it."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s")):
        if piece in counters:
            parts.append(counters[piece])
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def render_html(template_name, context, *, language):
    """The HTML of a PDF template, rendered in the document's language."""
    with translation.override(language):
        return render_to_string(
            template_name,
            {
                **context,
                "language": language,
                "page_of_pages": page_of_pages_css(),
                "stylesheet": static_url("css/pdf.css"),
            },
        )


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def render_pdf(template_name, context, *, language, on_stage=None):
    """Render a template to PDF: the one entry point to WeasyPrint.

    `on_stage` hears when layout and writing start, for a progress bar.
    """
    # WeasyPrint takes most of a second to import: only processes that render load it.
    import weasyprint

    from core.pdf_fetcher import FETCHER

    html = render_html(template_name, context, language=language)
    document = weasyprint.HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=FETCHER)
    if on_stage:
        on_stage(RenderedPdf.Stage.LAYING_OUT)
    laid_out = document.render()
    if on_stage:
        on_stage(RenderedPdf.Stage.WRITING)
    return Pdf(laid_out.write_pdf(dpi=IMAGE_DPI, optimize_images=True), len(laid_out.pages))


class PdfNotReady(Exception):
    """Another process is still rendering this PDF; ask again in a moment."""


def stored_pdf(key, scope, render, *, wait_seconds=60.0):
    """The PDF stored under `key`, rendered here by `render()` if no one has rendered it yet.

    However many requests and workers ask at once, one claims the render and the others wait
    for its file. `render(on_stage)` returns a `Pdf`. Once stored, the other
    PDFs of the same `scope` (earlier revisions) are deleted.
    """
    row = find_or_create(key, scope)
    deadline = time.monotonic() + wait_seconds
    while not row.ready:
        if row.claim():
            return _render_into(row, render)
        if time.monotonic() > deadline:
            raise PdfNotReady(key)
        time.sleep(0.1)
        row.refresh_from_db()
    return row


def find_or_create(key, scope):
    row, _created = RenderedPdf.objects.get_or_create(key=key, defaults={"scope": scope})
    return row


def _render_into(row, render):
    started = time.monotonic()
    try:
        pdf = render(row.set_stage)
        folder = "/".join(slugify(part) for part in row.scope.split("/"))
        name = _write_atomically(f"pdf/{folder}/{uuid.uuid4().hex}.pdf", pdf.data)
    except Exception as error:
        RenderedPdf.objects.filter(pk=row.pk).update(
            claimed_until=None, stage=RenderedPdf.Stage.FAILED, error=str(error)[:500]
        )
        logger.exception("Rendering the PDF %s failed", row.key)
        raise
    row.file.name = name
    row.pages, row.size = pdf.pages, len(pdf.data)
    row.render_seconds = time.monotonic() - started
    row.rendered_at = timezone.now()
    row.stage, row.claimed_until, row.error = RenderedPdf.Stage.READY, None, ""
    with transaction.atomic():
        row.save()
        replaced = list(RenderedPdf.objects.filter(scope=row.scope).exclude(pk=row.pk))
        RenderedPdf.objects.filter(pk__in=[old.pk for old in replaced]).delete()
    _delete_files(replaced)
    return row


def discard_pdfs(scope_prefix):
    """Delete every stored PDF whose scope starts so, e.g. when its page is unpublished."""
    rows = list(RenderedPdf.objects.filter(scope__startswith=scope_prefix))
    RenderedPdf.objects.filter(pk__in=[row.pk for row in rows]).delete()
    _delete_files(rows)


def _delete_files(rows):
    for row in rows:
        if row.file:
            default_storage.delete(row.file.name)


def _write_atomically(name, data):
    """Store the file whole or not at all.

    On a local disk the bytes go to a temporary file that is renamed into place; object stores
    (S3) only ever show an object once its upload is complete.
    """
    try:
        target = default_storage.path(name)
    except NotImplementedError:
        return default_storage.save(name, ContentFile(data))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    return name


def pdf_response(request, row, filename):
    """Serve a stored PDF inline, with an ETag so a browser asks again cheaply."""
    etag = f'"{row.key}"'
    cached = get_conditional_response(request, etag=etag)
    if cached is not None:
        return cached
    response = FileResponse(row.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def page_pdf_view(model, stored, filename):
    """A view for `<page url>name.pdf`: the live page's stored PDF, as public as the page.

    It goes through Wagtail's page routing and serving hooks exactly as the page itself does,
    so the page's view restrictions (log-in, password, groups) apply to its PDF.
    """

    def serve_pdf(page, request, args, kwargs):
        try:
            row = stored(page)
        except PdfNotReady:
            response = HttpResponse(
                _("This PDF is still being prepared. Try again in a minute."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "30"
            return response
        return pdf_response(request, row, filename(page))

    def view(request, path):
        route = Page.route_for_request(request, path)
        page = route[0].specific if route else None
        if not isinstance(page, model):
            raise Http404
        chain = serve_pdf
        for wrap in reversed(hooks.get_hooks("on_serve_page")):
            chain = wrap(chain)
        for hook in hooks.get_hooks("before_serve_page"):
            result = hook(page, request, [], {})
            if isinstance(result, HttpResponse):
                return result
        return chain(page, request, [], {})

    return view


def pdf_bytes_response(data, filename):
    """Serve PDF bytes that are not kept (a draft's preview), never cached."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_filename(*parts):
    """A safe download name made of slugs: no quotes, slashes or personal data."""
    return "-".join(slugify(part) for part in parts if part) + ".pdf"
