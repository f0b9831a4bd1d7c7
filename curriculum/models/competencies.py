"""Competency frameworks and their competencies, which outcomes and objectives map to."""

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Revision, RevisionMixin
from wagtail.search import index

from core.languages import in_reader_language
from core.models import Institution
from core.panels import in_each_language
from curriculum.models.reference import ServiceMethod


class CompetencyFrameworkQuerySet(models.QuerySet["CompetencyFramework"]):
    def offered_to(self, institution: Institution) -> "CompetencyFrameworkQuerySet":
        """The frameworks an institution's courses map to: those chosen for it, and those
        chosen for no institution in particular."""
        chosen = CompetencyFramework.institutions.through.objects
        return self.filter(
            Q(pk__in=chosen.filter(institution=institution).values("competencyframework"))
            | ~Q(pk__in=chosen.values("competencyframework"))
        )


class CompetencyFramework(RevisionMixin, models.Model):
    """A named set of competencies that learning outcomes are mapped to."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    title_zh_hans = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the framework comes from, e.g. CSWE 2022 EPAS."),
    )
    institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("institutions"),
        blank=True,
        related_name="competency_frameworks",
        help_text=_(
            "The institutions whose course authors map outcomes to this framework. Leave "
            "all unticked to offer it to every institution."
        ),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="competency_framework")

    objects = CompetencyFrameworkQuerySet.as_manager()

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        in_each_language("title"),
        FieldPanel("description"),
        FieldPanel("source"),
        FieldPanel("institutions", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["title"]

    def __str__(self) -> str:
        return in_reader_language(self, "title")

    @property
    def revisions(self) -> "models.Manager[Revision]":
        return self._revisions


class Competency(RevisionMixin, index.Indexed, models.Model):
    """One competency of a framework; a competency may group narrower ones."""

    framework = models.ForeignKey(
        CompetencyFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("Leave empty for a top-level competency of the framework."),
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Short and unique in the framework, e.g. 1.2.")
    )
    title = models.CharField(_("title"), max_length=255)
    title_es = models.CharField(_("title in Spanish"), max_length=255, blank=True)
    title_zh_hans = models.CharField(_("title in Chinese"), max_length=255, blank=True)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    behaviours = models.TextField(
        _("behaviours"),
        blank=True,
        help_text=_("What a competent worker does that shows it: one behaviour per line."),
    )
    methods = models.ManyToManyField(ServiceMethod, verbose_name=_("service methods"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("position"), default=0)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="competency")

    panels = [
        FieldRowPanel(
            [
                FieldPanel("framework", widget=forms.Select),
                FieldPanel("parent", widget=forms.Select),
            ]
        ),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("title"),
        in_each_language("title"),
        FieldPanel("description"),
        FieldPanel("behaviours"),
        FieldPanel("methods", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("code"),
        index.FilterField("framework"),
    ]

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework__title", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="curriculum_competency_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_read}"

    @property
    def title_read(self) -> str:
        """The title in the reader's language, as syllabi and coverage matrices print it."""
        return in_reader_language(self, "title")

    @property
    def revisions(self) -> "models.Manager[Revision]":
        return self._revisions

    @property
    def behaviour_list(self) -> list[str]:
        return [line.strip() for line in self.behaviours.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.parent is not None and self.parent.framework_id != self.framework_id:
            raise ValidationError(
                {"parent": _("Choose a competency of the same framework, or leave it empty.")}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A competency cannot be part of itself or of its own parts.")}
                )
            ancestor = ancestor.parent
