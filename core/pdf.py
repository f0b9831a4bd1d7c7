"""The one way Praxis makes PDFs: an HTML template rendered by WeasyPrint.

Syllabi, plan books, certificates and quality reports all come through `render_pdf`, whose URL
fetcher serves only the project's own static and media files, never the network, and through
`stored_pdf`, which renders each document once and keeps it in storage.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, cast

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from core.models import Institution, RenderedPdf
from core.pdf_urls import MEDIA_PREFIX, PDF_ORIGIN, STATIC_PREFIX
from core.storage import private_storage

logger = logging.getLogger(__name__)

# Institutions' logos print at most this size.
LOGO_SPEC = "max-600x240"
# Embedded images are resampled to at most this resolution.
IMAGE_DPI = 200


def static_url(name: str) -> str:
    """The address a PDF template uses for one of the project's static files."""
    return f"{PDF_ORIGIN}{STATIC_PREFIX}{name}"


def media_url(file: FieldFile) -> str:
    """The address a PDF template uses for a stored file (an image rendition, say)."""
    return f"{PDF_ORIGIN}{MEDIA_PREFIX}{file.name}"


def logo_url(institution: Institution | None) -> str | None:
    """The address a PDF template uses for the institution's logo, at print size, if it has one."""
    if institution is None or institution.logo is None:
        return None
    return media_url(institution.logo.get_rendition(LOGO_SPEC).file)


def page_of_pages_css() -> str:
    """The translated "Page N of M" as a CSS `content` value with the page counters in it."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s")):
        if piece in counters:
            parts.append(counters[piece])
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def revision_label(revision: Revision | None, language: str) -> str:
    """How a document names the revision it prints, in its language: "Revision 12 · date"."""
    with translation.override(language):
        if revision is None:
            return _("Draft, not published")
        return _("Revision %(id)s · %(date)s") % {
            "id": revision.pk,
            "date": formats.date_format(revision.created_at, "DATE_FORMAT"),
        }


def render_html(template_name: str, context: Mapping[str, Any], *, language: str) -> str:
    """The HTML of a PDF template, rendered in the document's language."""
    with translation.override(language):
        return render_to_string(
            template_name,
            {
                **context,
                "language": language,
                "stylesheet": static_url("css/pdf.css"),
            },
        )


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


# Told each stage of a render (RenderedPdf.Stage), for a progress bar.
OnStage = Callable[[str], None]


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    *,
    language: str,
    on_stage: OnStage | None = None,
) -> Pdf:
    """Render a template to PDF: the one entry point to WeasyPrint.

    `on_stage` hears when layout and writing start, for a progress bar.
    """
    # WeasyPrint takes most of a second to import: only processes that render load it.
    import weasyprint

    from core.pdf_fetcher import FETCHER

    html = render_html(template_name, context, language=language)
    document = weasyprint.HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=FETCHER)
    # The page counters cannot come from an element; the translated words around them are ours.
    with translation.override(language):
        footer = weasyprint.CSS(
            string=f"@page {{ @bottom-right {{ content: {page_of_pages_css()} }} }}"
        )
    if on_stage:
        on_stage(RenderedPdf.Stage.LAYING_OUT)
    laid_out = document.render(stylesheets=[footer])
    if on_stage:
        on_stage(RenderedPdf.Stage.WRITING)
    return Pdf(laid_out.write_pdf(dpi=IMAGE_DPI, optimize_images=True), len(laid_out.pages))


class PdfIdentity(TypedDict):
    """Where a page's PDF is stored and under what name: `stored_pdf`'s keyword arguments."""

    key: str
    scope: str
    page: Page
    filename: str


class PdfNotReady(Exception):
    """Another process is still rendering this PDF; ask again in a moment, or at `retry_at` at
    the latest, when that process's lease ends (it may have been killed mid-render)."""

    def __init__(self, key: str, retry_at: datetime | None = None) -> None:
        super().__init__(key)
        self.retry_at = retry_at


def stored_pdf(
    key: str,
    scope: str,
    render: Callable[[OnStage], Pdf],
    *,
    page: Page | None = None,
    filename: str = "",
    wait_seconds: float = 60.0,
) -> RenderedPdf:
    """The PDF stored under `key`, rendered here by `render()` if no one has rendered it yet.

    However many requests and workers ask at once, one claims the render and the others wait
    for its file. `render(on_stage)` returns a `Pdf`. Once it is stored, the PDFs of earlier
    revisions in the same `scope` are deleted.
    """
    row = find_or_create(key, scope, page=page, filename=filename)
    deadline = time.monotonic() + wait_seconds
    while not row.ready:
        if row.claim():
            return _render_into(row, render)
        if time.monotonic() > deadline:
            raise PdfNotReady(key, row.claimed_until)
        time.sleep(0.1)
        row.refresh_from_db()
    return row


def find_or_create(
    key: str, scope: str, *, page: Page | None = None, filename: str = ""
) -> RenderedPdf:
    row, _created = RenderedPdf.objects.get_or_create(
        key=key, defaults={"scope": scope, "page": page, "filename": filename}
    )
    return row


def _render_into(row: RenderedPdf, render: Callable[[OnStage], Pdf]) -> RenderedPdf:
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
        # Rows are created in the order revisions are first asked for: a render of an older
        # revision that finishes late must not delete a newer one. Their files go with them.
        RenderedPdf.objects.filter(scope=row.scope, pk__lt=row.pk).delete()
    return row


def discard_page_pdfs(pages: Iterable[int] | QuerySet[Page, dict[str, Any]]) -> None:
    """Delete the stored PDFs of these pages (their files go too), e.g. when one is published
    again, unpublished, moved or restricted: the next request renders or checks afresh."""
    RenderedPdf.objects.filter(page__in=pages).delete()


def _write_atomically(name: str, data: bytes) -> str:
    """Store the file whole or not at all.

    On a local disk the bytes go to a temporary file that is renamed into place; object stores
    (S3) only ever show an object once its upload is complete.
    """
    storage = private_storage()
    try:
        target = storage.path(name)
    except NotImplementedError:
        return storage.save(name, ContentFile(data))
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


def pdf_response(request: HttpRequest, row: RenderedPdf) -> HttpResponseBase:
    """Serve a stored PDF inline, with an ETag so a browser asks again cheaply."""
    etag = f'"{row.key}"'
    cached = get_conditional_response(request, etag=etag)
    if cached is not None:
        return cached
    response = FileResponse(row.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = _inline(row.filename or "document.pdf")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def pdf_bytes_response(data: bytes, filename: str) -> HttpResponse:
    """Serve PDF bytes that are not kept (a draft's preview), never cached."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = _inline(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _inline(filename: str) -> str:
    """The Content-Disposition of a PDF opened in the browser; a file name always makes one."""
    return cast(str, content_disposition_header(False, filename))


def pdf_filename(*parts: str | None) -> str:
    """A safe download name made of slugs: no quotes, slashes or personal data. A part with
    nothing to slug (a Chinese title) is left out, so no name starts with "-"."""
    return "-".join(slug for part in parts if part and (slug := slugify(part))) + ".pdf"
