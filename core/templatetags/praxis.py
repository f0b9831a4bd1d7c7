from typing import Any, TypedDict

from django import template
from django.conf import settings
from django.contrib.admin.utils import quote
from django.template import Context
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django_stubs_ext import StrOrPromise
from wagtail import hooks
from wagtail.admin.ui.side_panels import StatusSidePanel
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.snippets.side_panels import SnippetStatusSidePanel

from core import pagecache
from core.redirects import language_home

register = template.Library()


class LanguageLink(TypedDict):
    code: str
    name: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[LanguageLink]:
    """One link per site language to this same page in that language.

    A Wagtail page links to its own translations (their slugs may differ); any other view to
    its URL under the other language prefix. Either keeps the query string: a catalog's
    filters, a search's words and the page of results stay as they were.
    """
    request = context["request"]
    page = context.get("page")
    query = request.GET.urlencode()
    translated: dict[str, str | None] = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            url = translation.get_url(request)
            translated[translation.locale.language_code] = f"{url}?{query}" if query else url
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translated.get(code) or translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


register.simple_tag(language_home, name="home_url")


@register.simple_tag
def site_sections() -> list[tuple[str, str]]:
    """The learning site's main sections for the header, each (label, URL in the active
    language), as the apps above core declare them through the Wagtail hook `site_sections`
    (a hook returns None where its section has no page in this language). A section is a page
    at the top of the tree, so they are kept until such a page changes (core.pagecache's SITE)."""
    return pagecache.kept_until_purged(
        f"site-sections:{get_language()}",
        [pagecache.SITE, pagecache.EVERYTHING],
        lambda: [
            (str(label), url)
            for hook in hooks.get_hooks("site_sections")
            if (section := hook())
            for label, url in [section]
        ],
    )


@register.simple_tag(takes_context=True)
def account_links(context: dict[str, Any]) -> list[tuple[StrOrPromise, str]]:
    """The signed-in person's own pages on the learning site, for the header, each (label,
    URL), as the apps above core declare them through the Wagtail hook `account_links`: a hook
    is given the request and returns None where the page is not this person's (staff reach
    their work through the editor)."""
    request = context["request"]
    return [link for hook in hooks.get_hooks("account_links") if (link := hook(request))]


@register.simple_tag(takes_context=True)
def snippet_status_panel(context: Context) -> str:
    """wagtail-localize's editor of a snippet's translation draws Wagtail's plain status panel,
    which lacks what a snippet's workflow status needs (its history, its revisions' comparison)
    and fails while a review runs: it gets the snippet editor's own panel, with those."""
    instance = context["instance"]
    viewset = getattr(instance, "snippet_viewset", None)
    if viewset is None:
        return ""
    context["side_panels"] = [
        SnippetStatusSidePanel(
            panel.object,
            panel.request,
            locale=panel.locale,
            translations=panel.translations,
            usage_url=panel.usage_url,
            last_updated_info=panel.last_updated_info,
        )
        if type(panel) is StatusSidePanel
        else panel
        for panel in context["side_panels"]
    ]
    context["revisions_compare_url_name"] = viewset.get_url_name("revisions_compare")
    context["workflow_history_url"] = reverse(
        viewset.get_url_name("workflow_history"), args=[quote(instance.pk)]
    )
    context["revision_enabled"] = isinstance(instance, RevisionMixin)
    context["draftstate_enabled"] = isinstance(instance, DraftStateMixin)
    return ""
