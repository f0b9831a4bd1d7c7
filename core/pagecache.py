"""Whole learning-site pages for visitors, served from the cache and purged when what they show
changes.

A page is kept only for a visitor without a session: a request carrying a session or a message
cookie is never served from the cache, and a response is never stored when its request used a
CSRF token, changed the session, added a message or set a cookie, or when the response says it
is private. Only the views that declare what they show are kept: Wagtail's pages (core's
`before_serve_page` hook) and views marked with `for_visitors`. The key is the full URL (scheme,
host, path and query) and the active language.

Each kept page names the tags it depends on: its page's translations (`page_tag`), an
institution (`institution_tag`), everything published (`CONTENT`: the catalog, search and its
facets), the site's header (`SITE`) and `EVERYTHING`. Purging a tag stamps it with the next tick
of a clock kept in the cache; a kept page records its tags' stamps and is served only while they
are unchanged, so purging is one write per tag however many URLs (a catalog's filters) a tag
covers. A page rendered while a purge ran is not kept: the clock is read before rendering. A tag
the cache has lost is stamped anew, so pages kept before no longer match it.
Purges run at once and again when the transaction commits, so no request reading the old rows
can keep them after the commit.

The CSP nonce stays unique per response: a kept body holds a placeholder where the nonce was,
replaced by the new request's nonce. A 304 answer carries no CSP header, so the browser keeps the
policy stored with its body (and that body's nonce).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
from wagtail.models import Page, ReferenceIndex

if TYPE_CHECKING:
    from core.middleware import GetResponse

CONTENT = "content"
SITE = "site"
EVERYTHING = "everything"
PLACEHOLDER = "praxis-csp-nonce-9f3c1e"
_CLOCK = "pagecache:clock"
_TAGS_ATTRIBUTE = "_page_cache_tags"


def page_tag(translation_key: UUID | str) -> str:
    """A page in every language: a page links to its translations, so they change together."""
    return f"page:{translation_key}"


def institution_tag(institution_id: int) -> str:
    return f"institution:{institution_id}"


def keep_for_visitors(request: HttpRequest, *tags: str) -> None:
    """Marks the request's page as one a visitor may be served from the cache, showing what
    these tags name. A request nothing marks is never kept."""
    request._page_cache_keep = True  # type: ignore[attr-defined]
    depends_on(request, *tags)


def depends_on(request: HttpRequest, *tags: str) -> None:
    """What the page also shows, should it be kept (a page's context adds its own)."""
    shown: set[str] = getattr(request, _TAGS_ATTRIBUTE, None) or {EVERYTHING}
    shown.update(tags)
    setattr(request, _TAGS_ATTRIBUTE, shown)


def for_visitors(*tags: str) -> Callable[[Callable[..., HttpResponseBase]], Any]:
    """A view whose page may be kept for visitors, showing what `tags` name."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def kept_for_visitors(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            keep_for_visitors(request, *tags)
            return view(request, *args, **kwargs)

        return kept_for_visitors

    return decorator


def generation(*tags: str) -> str:
    """Names the state of what `tags` name: it changes whenever one of them is purged, so a
    fragment cached under it (a course's syllabus) is forgotten with the pages."""
    found = cache.get_many([_tag_key(tag) for tag in tags])
    return "-".join(str(found.get(_tag_key(tag), 0)) for tag in tags)


def kept_until_purged[T](name: str, tags: Iterable[str], make: Callable[[], T]) -> T:
    """`make()`, kept in the cache under `name` until one of `tags` is purged (at most
    `PAGE_CACHE_SECONDS`): what pages show, computed once per state of it, not per request."""
    key = f"{name}:{generation(*tags)}"
    found: T | None = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, settings.PAGE_CACHE_SECONDS)
    return found


def _tag_key(tag: str) -> str:
    return f"pagecache:tag:{tag}"


def _clock() -> int:
    """The purge clock. A cache that lost it (evicted, restarted) starts it again at the current
    microsecond, past every tick it gave before, so that it never runs backwards."""
    started = time.time_ns() // 1000
    cache.add(_CLOCK, started, timeout=None)
    return cache.get(_CLOCK, started)


def _tick() -> int:
    _clock()
    try:
        return cache.incr(_CLOCK)
    except ValueError:  # lost between the two calls
        return _clock()


def _stamp(tags: Iterable[str]) -> None:
    tick = _tick()
    cache.set_many({_tag_key(tag): tick for tag in tags}, timeout=None)


def purge(tags: Iterable[str], pages: Iterable[Page] = ()) -> None:
    """Forgets every kept page showing any of `tags`, now and when the transaction commits; a
    configured front cache (Varnish, a CDN) forgets `pages`' URLs when it commits."""
    tags, pages = set(tags), list(pages)
    _stamp(tags)

    def after_commit() -> None:
        _stamp(tags)
        if pages and settings.WAGTAILFRONTENDCACHE:
            purge_pages_from_cache(pages)

    transaction.on_commit(after_commit)


def purge_everything() -> None:
    """For what every page may show (reference data: fields of service, tiers, regions)."""
    purge([EVERYTHING])


def pages_referencing(objects: Iterable[Model]) -> QuerySet[Page]:
    """The pages that link to or choose any of `objects`, from Wagtail's reference index."""
    objects = list(objects)
    if not objects:
        return Page.objects.none()
    ids = (
        ReferenceIndex.get_references_to_in_bulk(objects)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in ids])


def purge_pages_showing(objects: Iterable[Model]) -> None:
    """Forgets the pages choosing any of these snippets (a course's teaching materials) and
    what lists everything published."""
    pages = list(pages_referencing(objects).only(*_PAGE_FIELDS))
    purge({CONTENT, *(page_tag(page.translation_key) for page in pages)}, pages)


def purge_pages(pages: Iterable[Page], *, below: bool = True) -> None:
    """Forgets what publishing, unpublishing, moving or deleting these pages changes: the pages
    (in every language), their parents (which list their children), the pages linking to them,
    what is under them with `below` (their breadcrumbs and addresses), what lists everything
    published, and every page's header when one is at the top of the tree (home and its
    sections)."""
    pages = list(pages)
    affected = pages_referencing(pages)
    for page in pages:
        affected |= Page.objects.filter(path__in=_parent_paths(page))
        if below:
            affected |= Page.objects.descendant_of(page, inclusive=True)
    shown = [*pages, *affected.only(*_PAGE_FIELDS).distinct()]
    tags = {CONTENT, *(page_tag(page.translation_key) for page in shown)}
    if any(page.depth <= 3 for page in pages):
        tags.add(SITE)
    purge(tags, shown)


_PAGE_FIELDS = ("pk", "translation_key", "url_path", "depth", "path", "locale_id")


def _parent_paths(page: Page) -> list[str]:
    step = Page.steplen
    return [page.path[:-step]] if len(page.path) > step else []


def _marked(request: HttpRequest) -> bool:
    return getattr(request, "_page_cache_keep", False)


class _Kept(TypedDict):
    body: str
    content_type: str
    etag: str
    stamps: dict[str, int | None]


class VisitorPageCacheMiddleware:
    """Serves a visitor's page from the cache, or keeps it there; see the module's docstring.
    Placed inside Django's CSP middleware, which gives each request its nonce."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not self._may_serve(request):
            response = self.get_response(request)
            if _marked(request) and "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = self._key(request)
        kept: _Kept | None = cache.get(key)
        if kept is not None and self._fresh(kept):
            return self._answer(request, kept)
        clock_before = _clock()
        response = self.get_response(request)
        if isinstance(response, HttpResponse) and self._may_keep(request, response):
            kept = self._keep(request, response, key, clock_before)
            if kept is not None:
                return self._answer(request, kept)
        return response

    @staticmethod
    def _may_serve(request: HttpRequest) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
        )

    @staticmethod
    def _key(request: HttpRequest) -> str:
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(f"{get_language()} {address}".encode()).hexdigest()
        return f"pagecache:page:{digest}"

    @staticmethod
    def _fresh(kept: _Kept) -> bool:
        stamps = cache.get_many([_tag_key(tag) for tag in kept["stamps"]])
        return all(stamps.get(_tag_key(tag)) == stamp for tag, stamp in kept["stamps"].items())

    @staticmethod
    def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
        messages = getattr(request, "_messages", None)
        session = getattr(request, "session", None)
        return bool(
            _marked(request)
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
            and "Cache-Control" not in response
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (session is not None and session.modified)
            and not (messages is not None and messages.added_new)
            and not request.user.is_authenticated
        )

    @staticmethod
    def _keep(
        request: HttpRequest, response: HttpResponse, key: str, clock_before: int
    ) -> _Kept | None:
        body = response.content.decode(response.charset)
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:  # generated while rendering: put the placeholder where it was
            body = body.replace(str(nonce), PLACEHOLDER)
        tags = sorted(getattr(request, _TAGS_ATTRIBUTE))
        stamps: dict[str, int | None] = {}
        now = _clock()
        for tag in tags:  # a tag never purged, or lost by the cache, is stamped now
            cache.add(_tag_key(tag), now, timeout=None)
        found = cache.get_many([_tag_key(tag) for tag in tags])
        for tag in tags:
            stamp = found.get(_tag_key(tag))
            if stamp is None or stamp > clock_before:
                return None  # purged while this page was rendered
            stamps[tag] = stamp
        kept: _Kept = {
            "body": body,
            "content_type": response["Content-Type"],
            "etag": '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"',
            "stamps": stamps,
        }
        cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
        return kept

    @staticmethod
    def _answer(request: HttpRequest, kept: _Kept) -> HttpResponseBase:
        not_modified = get_conditional_response(request, etag=kept["etag"])
        if not_modified is not None:
            response: HttpResponseBase = not_modified
            # No policy: the browser keeps the one stored with its body and that body's nonce.
            response._csp_config = {}  # type: ignore[attr-defined]
            response._csp_ro_config = {}  # type: ignore[attr-defined]
        else:
            body = kept["body"]
            if PLACEHOLDER in body:
                body = body.replace(PLACEHOLDER, str(request._csp_nonce))  # type: ignore[attr-defined]
            response = HttpResponse(body, content_type=kept["content_type"])
        response["ETag"] = kept["etag"]
        patch_vary_headers(response, ["Cookie"])
        shared = {"s_maxage": settings.PAGE_CACHE_SECONDS} if settings.WAGTAILFRONTENDCACHE else {}
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True, **shared)
        return response
