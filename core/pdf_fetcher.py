"""What WeasyPrint may load into a PDF: the project's own static and media files, nothing else.

Kept apart from `core.pdf` because importing WeasyPrint takes most of a second, which only the
processes that render should pay.
"""

import posixpath
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.pdf_urls import MEDIA_PREFIX, PDF_ORIGIN, STATIC_PREFIX

# The largest file embedded in a PDF; images go through renditions and are far smaller.
MAX_RESOURCE_BYTES = 8 * 1024 * 1024
MEDIA_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


class RefusedResource(ValueError):
    """A URL that is not one of the project's own static or media files."""


class ProjectFileFetcher(URLFetcher):
    """Serves `PDF_ORIGIN/static/…` and `PDF_ORIGIN/media/…` from the project's storages.

    Everything else, whatever its scheme (http, https, file, data, ftp), is refused: WeasyPrint
    then leaves the image or stylesheet out and goes on.
    """

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        path = posixpath.normpath(unquote(parts.path))
        media_type = MEDIA_TYPES.get(posixpath.splitext(path)[1].lower())
        if origin != PDF_ORIGIN or ".." in path.split("/") or media_type is None:
            raise RefusedResource(f"not a stylesheet or image of the project: {url[:120]}")
        if path.startswith(STATIC_PREFIX):
            body = self._static(path.removeprefix(STATIC_PREFIX))
        elif path.startswith(MEDIA_PREFIX):
            body = self._media(path.removeprefix(MEDIA_PREFIX))
        else:
            raise RefusedResource(f"not a stylesheet or image of the project: {url[:120]}")
        if len(body) > MAX_RESOURCE_BYTES:
            raise RefusedResource(f"{path} is larger than {MAX_RESOURCE_BYTES} bytes")
        return URLFetcherResponse(url, body, {"Content-Type": media_type})

    @staticmethod
    def _static(name: str) -> bytes:
        found = finders.find(name)
        if found:
            with open(found, "rb") as source:
                return source.read(MAX_RESOURCE_BYTES + 1)
        with staticfiles_storage.open(name) as source:
            return source.read(MAX_RESOURCE_BYTES + 1)

    @staticmethod
    def _media(name: str) -> bytes:
        with default_storage.open(name) as source:
            return source.read(MAX_RESOURCE_BYTES + 1)


FETCHER = ProjectFileFetcher(allow_redirects=False)
