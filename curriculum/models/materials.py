"""Each institution's teaching materials, which courses reference and trainees open."""

from typing import ClassVar, Protocol, Self, cast

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, Revision, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.models import Institution, Role, User
from core.translatable import kept_as_in_source
from core.translations import originals
from curriculum.models.reference import LANGUAGE_CHOICES, ServiceField, TrainingTier

# Roles that write or review teaching content, and so use an institution's materials.
AUTHORING_ROLES = (Role.INSTITUTION_ADMIN, Role.COURSE_AUTHOR, Role.REVIEWER)


class InstitutionOwned(Protocol):
    """A model whose records an institution owns, with the roles that work with them."""

    institution_roles: ClassVar[tuple[Role, ...]]


class InstitutionOwnedQuerySet[M: models.Model](SearchableQuerySetMixin, models.QuerySet[M]):
    def for_user(self, user: User | AnonymousUser) -> Self:
        """Records of the institutions where the user holds a role that works with them."""
        roles = cast(type[InstitutionOwned], self.model).institution_roles
        return self.filter(institution__in=Institution.objects.with_role(user, roles))


class TeachingMaterialQuerySet(InstitutionOwnedQuerySet["TeachingMaterial"]):
    def open_licence(self) -> Self:
        """Materials under an open licence: anyone may find them, and download their file."""
        return self.filter(licence__in=TeachingMaterial.OPEN_LICENCES)

    def originals(self) -> Self:
        return originals(self)

    def in_language_of(self, locale: Locale) -> Self:
        """One row per material: its translation into the locale where there is one, else the
        material as it was first written."""
        translated = TeachingMaterial.objects.filter(locale=locale).values("translation_key")
        untranslated = TeachingMaterial.objects.exclude(translation_key__in=translated)
        return self.filter(Q(locale=locale) | Q(pk__in=originals(untranslated).values("pk")))

    def with_words_language(self) -> Self:
        """Annotated with the language of each row's title and description (`words_language`):
        a translation's is its locale's; the first written's, the material's own language."""
        first = (
            TeachingMaterial.objects.filter(translation_key=OuterRef("translation_key"))
            .order_by("pk")
            .values("pk")[:1]
        )
        return self.annotate(
            words_language=Case(
                When(pk=Subquery(first), then=F("language")),
                default=F("locale__language_code"),
            )
        )


class TeachingMaterial(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    """A resource that courses teach with: a document in the institution's collection or a link.

    The collection is private to the institution's staff; a trainee opens the file through an
    offering that uses it, and anyone downloads the file of a material under an open licence.
    Translated with wagtail-localize: a translation describes the material in its language
    (title, description) and may point at a file or link in that language; its fields of
    service follow the original's (curriculum.signals). `language` is the language of the file
    or link, which may differ from the version's (an English textbook in the Spanish list).
    """

    class Kind(models.TextChoices):
        TEXTBOOK_CHAPTER = "textbook-chapter", _("Textbook chapter")
        CASE_STUDY = "case-study", _("Case study")
        SLIDE_DECK = "slide-deck", _("Slide deck")
        VIDEO = "video", _("Video")
        EXERCISE = "exercise", _("Exercise")
        ASSESSMENT_INSTRUMENT = "assessment-instrument", _("Assessment instrument")
        READING_PACK = "reading-pack", _("Reading pack")

    class Licence(models.TextChoices):
        CC_BY = "cc-by", _("Creative Commons Attribution (CC BY 4.0)")
        CC_BY_SA = "cc-by-sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)")
        CC_BY_NC = "cc-by-nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)")
        PUBLIC_DOMAIN = "public-domain", _("Public domain")
        INSTITUTION = "institution", _("The institution's own, for its courses only")
        ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved (used by permission)")

    OPEN_LICENCES = (Licence.CC_BY, Licence.CC_BY_SA, Licence.CC_BY_NC, Licence.PUBLIC_DOMAIN)

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="teaching_materials",
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    service_fields = models.ManyToManyField(
        ServiceField, verbose_name=_("fields of service"), blank=True
    )
    tier = models.ForeignKey(
        TrainingTier,
        verbose_name=_("training tier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    language = models.CharField(
        _("language"), max_length=10, choices=LANGUAGE_CHOICES, default="es"
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices)
    document = models.ForeignKey(
        "core.PraxisDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Upload the file into your institution's collection, or give a link instead."),
    )
    url = models.URLField(_("link"), blank=True, help_text=_("For a video or a page elsewhere."))
    description = models.TextField(_("description"), blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="teaching_material")

    objects = TeachingMaterialQuerySet.as_manager()
    institution_roles = AUTHORING_ROLES
    # A translator may point the translation at a file or link in its language (`document`,
    # `url`); the rest stays as in the original.
    override_translatable_fields = kept_as_in_source(
        "institution", "kind", "tier", "language", "licence"
    )

    panels = [
        FieldPanel("institution"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language"), FieldPanel("licence")]),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("url")],
            heading=_("File or link"),
        ),
        FieldPanel("description"),
        FieldPanel("service_fields", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tier", widget=forms.Select),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("id"),
        index.FilterField("locale"),
        index.FilterField("institution"),
        index.FilterField("kind"),
        index.FilterField("tier"),
        index.FilterField("language"),
        index.FilterField("licence"),
        index.FilterField("service_fields"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("teaching material")
        verbose_name_plural = _("teaching materials")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.licence in self.OPEN_LICENCES

    @property
    def revisions(self) -> "models.Manager[Revision]":
        return self._revisions

    @property
    def link(self) -> str:
        return self.document.url if self.document is not None else self.url

    @classmethod
    def get_indexed_objects(cls) -> "models.QuerySet[TeachingMaterial]":
        indexed = super().get_indexed_objects().prefetch_related("service_fields")
        return cast(TeachingMaterialQuerySet, indexed).with_words_language()

    @property
    def search_language(self) -> str:
        """The search index stems this material's words in the language they are written in."""
        return getattr(self, "words_language", None) or self.language

    def clean(self) -> None:
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(
                _("Give either a document or a link: one of the two, not both and not neither.")
            )
        if (
            self.institution_id
            and self.document is not None
            and self.document.collection_id != self.institution.collection_id
        ):
            raise ValidationError(
                {
                    "document": _(
                        "Choose a document from this institution's own collection, "
                        "or upload it there first."
                    )
                }
            )
