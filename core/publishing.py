"""What any page's printable form is made from: its published revision and its language."""

from wagtail.models import Page, Revision


def published_revision(page: Page) -> Revision:
    """The revision a live page shows; an alias shows its source page's."""
    source = page.alias_of.specific if page.alias_of_id else page
    if source.live_revision is None:
        raise ValueError(f"Page {page.pk} has no published revision.")
    return source.live_revision


def page_language(page: Page) -> str:
    return page.locale.language_code


def written_in(page: Page) -> str:
    """The language a page's content is written in: where a page has no translation yet,
    Wagtail keeps an alias of its source there, whose words are the source's."""
    source = page.alias_of if page.alias_of_id else page
    return source.locale.language_code
