"""Rich text that cannot carry scripts, whichever way it arrives: the editor, an import, the ORM.

Wagtail's editor only produces safe HTML, but rich text also comes from imports and code, and
the learning site renders it as HTML. So every save passes it through nh3 (the Rust ammonia
sanitiser), keeping Wagtail's own link and embed markup and dropping script elements,
event-handler attributes and javascript: URLs.
"""

from typing import Any

import nh3
from wagtail.blocks import RichTextBlock
from wagtail.fields import RichTextField

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "b", "strong", "i", "em", "u", "s", "sub", "sup",
    "code", "blockquote", "ul", "ol", "li", "a", "embed",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize(html: str | None) -> str | None:
    """The HTML with only the tags, attributes and URL schemes rich text may use."""
    if not html:
        return html
    return nh3.clean(
        str(html),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


class SafeRichTextField(RichTextField):
    def get_prep_value(self, value: Any) -> str | None:
        return sanitize(super().get_prep_value(value))


class SafeRichTextBlock(RichTextBlock):
    def get_prep_value(self, value: Any) -> str | None:
        return sanitize(super().get_prep_value(value))
