"""The platform's reference data, named in every site language: fields of service, training
tiers, professional levels, employer kinds and service methods."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Revision, RevisionMixin
from wagtail.search import index

from core.languages import in_reader_language

LANGUAGE_CHOICES = [(code, _(name)) for code, name in settings.LANGUAGES]


class ReferenceTerm(RevisionMixin, index.Indexed, models.Model):
    """A term of the platform's reference data, named in every site language.

    The code is what imports, filters and URLs use; the names follow the reader's language.
    """

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. mental-health. Never changes."),
    )
    name_es = models.CharField(_("name in Spanish"), max_length=160)
    name_zh_hans = models.CharField(_("name in Chinese"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160)
    sort_order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first in lists and filters.")
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s"
    )

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_es"), FieldPanel("name_zh_hans"), FieldPanel("name_en")]),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name_es"),
        index.SearchField("name_zh_hans"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_es"),
        index.FilterField("code"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self) -> "models.Manager[Revision]":
        return self._revisions

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Spanish, the source's language."""
        return in_reader_language(self)


class ServiceField(ReferenceTerm):
    """A field of service (art. 1): social assistance, mental health, school social work…"""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("field of service")
        verbose_name_plural = _("fields of service")


class TrainingTier(ReferenceTerm):
    """Who a course trains (art. 7, 8, 20): grassroots staff, managers, cadres, degree students…"""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("training tier")
        verbose_name_plural = _("training tiers")


class ProfessionalLevel(ReferenceTerm):
    """A certified professional level (art. 16)."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("professional level")
        verbose_name_plural = _("professional levels")


class EmployerKind(ReferenceTerm):
    """Where a trainee works (a residents' committee, a social-work agency, a hospital…);
    offerings may admit only some kinds."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("kind of employer")
        verbose_name_plural = _("kinds of employer")


class Certified(models.Model):
    """A person's certified professional level (art. 16): trainees and faculty both hold one."""

    professional_level = models.ForeignKey(
        "curriculum.ProfessionalLevel",
        verbose_name=_("professional level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)

    class Meta:
        abstract = True


class ServiceMethod(ReferenceTerm):
    """A method of social work (art. 1) that courses and competencies are tagged with."""

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("service method")
        verbose_name_plural = _("service methods")
