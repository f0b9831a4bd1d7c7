"""What any page's printable form is made from: its published revision and its language."""

import datetime

from wagtail.models import Page, PageLogEntry, Revision

from core.translations import source_language_shown


def _source_language_shown(page: Page) -> str | None:
    """The annotation `source_language_shown` where a listing made it, else one query."""
    if hasattr(page, "source_language_shown"):
        return page.source_language_shown
    return (
        Page.objects.filter(pk=page.pk)
        .annotate(shown=source_language_shown())
        .values_list("shown", flat=True)
        .first()
    )


def content_source(page: Page) -> Page:
    """The page whose words a page shows: an alias shows its source's, and so does a
    translation started but not yet published."""
    if page.alias_of_id:
        return page.alias_of
    language = _source_language_shown(page)
    if language:
        return Page.objects.get(
            translation_key=page.translation_key, locale__language_code=language
        )
    return page


def published_revision(page: Page) -> Revision:
    """The revision a live page shows; an alias, or a translation not yet published, shows its
    source page's."""
    source = content_source(page).specific
    if source.live_revision is None:
        raise ValueError(f"Page {page.pk} has no published revision.")
    return source.live_revision


def page_language(page: Page) -> str:
    return page.locale.language_code


def written_in(page: Page) -> str:
    """The language a page's content is written in: where a page has no translation yet,
    Wagtail keeps an alias of its source there, whose words are the source's; a translation
    started but not yet published still shows the words it was copied with."""
    if page.alias_of_id:
        return page.alias_of.locale.language_code
    return _source_language_shown(page) or page.locale.language_code


def revision_live_at(page: Page, when: datetime.datetime) -> Revision | None:
    """The revision the page showed at `when`, else the first it published after (a page
    published only later); None for a page never published."""
    published = PageLogEntry.objects.filter(
        page_id=page.pk, action="wagtail.publish", revision__isnull=False
    ).select_related("revision")
    entry = (
        published.filter(timestamp__lte=when).order_by("-timestamp", "-pk").first()
        or published.filter(timestamp__gt=when).order_by("timestamp", "pk").first()
    )
    return entry.revision if entry is not None else None
