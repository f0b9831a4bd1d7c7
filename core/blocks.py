"""The one block library that every page body uses."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.stream_block import StreamBlockAdapter
from wagtail.images.blocks import ImageBlock

from core.richtext import SafeRichTextBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"
        preview_value = {"text": _("Practice teaching"), "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    source = blocks.CharBlock(label=_("Source"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=40)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = SafeRichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph.html",
    )
    image = ImageBlock(label=_("Image"), template="blocks/image.html")
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


class MinimumOnSaveStreamBlock(blocks.StreamBlock):
    """A stream whose minimum counts are checked when the page is saved, not while it opens.

    Wagtail checks a stream's minimums in the browser from the first paint, so a new page
    greets its author with red "minimum number of items" errors before anything is typed. The
    server still refuses too few items on publish and submit (drafts defer the check, as they
    do for every required field) and the editor then shows that error until an item is added.
    """


class MinimumOnSaveStreamBlockAdapter(StreamBlockAdapter):
    def js_args(self, block: blocks.StreamBlock) -> list[Any]:
        name, children, initial_states, meta = super().js_args(block)
        counts = {
            child: {limit: n for limit, n in limits.items() if limit != "min_num"}
            for child, limits in (meta["blockCounts"] or {}).items()
        }
        return [name, children, initial_states, {**meta, "minNum": None, "blockCounts": counts}]


register(MinimumOnSaveStreamBlockAdapter(), MinimumOnSaveStreamBlock)
