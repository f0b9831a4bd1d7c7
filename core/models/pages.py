from collections.abc import Iterable
from typing import Any, cast
from uuid import UUID

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from core import pagecache
from core.blocks import BodyBlock
from core.models.tenancy import Institution
from core.translatable import kept_as_in_source


class ContentPage(Page):
    """Fields every learning-site page shares: a short introduction and a body of blocks."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=400,
        help_text=_("One or two sentences shown under the title and in listings."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    override_translatable_fields = kept_as_in_source("show_in_menus")
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def clean_subpage_models(cls) -> list[type[Page]]:
        """The page types of core's `subpage_types`, and every page type that names this one
        in its own `parent_page_types`: each app places its pages (a catalogue under the home
        page, a course under an institution's page), and core names none above it."""
        if cls._clean_subpage_models is None:
            own = super().clean_subpage_models()
            placed = [
                model
                for model in get_page_models()
                if getattr(model, "parent_page_types", None) is not None
                and cls in model.clean_parent_page_models()
            ]
            cls._clean_subpage_models = list(dict.fromkeys([*own, *placed]))
        return cls._clean_subpage_models


class HomePage(ContentPage):
    """The learning site's front page: what Praxis offers and who trains with it."""

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["core.StandardPage", "core.InstitutionPage"]
    template = "core/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        pages = list(InstitutionPage.objects.child_of(self).live().public())
        institutions = InstitutionPage.institutions_by_translation_key(pages)
        context["institution_cards"] = [
            (page, institutions[page.translation_key])
            for page in pages
            if page.translation_key in institutions
        ]
        pagecache.depends_on(
            request, *(pagecache.institution_tag(each.pk) for each in institutions.values())
        )
        context["section_pages"] = (
            self.get_children().live().public().in_menu().not_type(InstitutionPage).specific()
        )
        return context


class StandardPage(ContentPage):
    """An editorial page: about, accessibility, privacy, guidance."""

    subpage_types = ["core.StandardPage"]
    template = "core/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class InstitutionPage(ContentPage):
    """The root of an institution's subtree; created when the institution is provisioned."""

    is_creatable = False
    parent_page_types = ["core.HomePage"]
    subpage_types = ["core.StandardPage"]
    template = "core/institution_page.html"

    class Meta:
        verbose_name = _("institution page")

    @staticmethod
    def institutions_by_translation_key(pages: Iterable[Page]) -> dict[UUID, Institution]:
        """Active institutions owning these pages, in one query; translations share the key."""
        institutions = Institution.objects.filter(
            active=True, root_page__translation_key__in=[page.translation_key for page in pages]
        ).select_related("root_page", "region__parent__parent", "logo")
        # Each has a root page: the filter went through it.
        return {
            cast(Page, institution.root_page).translation_key: institution
            for institution in institutions
        }

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["institution"] = self.institutions_by_translation_key([self]).get(
            self.translation_key
        )
        if context["institution"]:
            pagecache.depends_on(request, pagecache.institution_tag(context["institution"].pk))
        return context
