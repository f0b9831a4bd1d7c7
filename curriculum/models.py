"""The vocabulary courses are written in: fields of service, tiers, levels, methods and competency
frameworks (platform reference data), and each institution's teaching materials and locked course
policies."""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.models import Institution, Role
from core.richtext import SafeRichTextField

# Roles that write or review teaching content, and so use an institution's materials.
AUTHORING_ROLES = (Role.INSTITUTION_ADMIN, Role.COURSE_AUTHOR, Role.REVIEWER)
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

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    @property
    def name(self):
        """The name in the active language, falling back to Spanish, the source's language."""
        field = "name_" + (get_language() or "es").replace("-", "_")
        return getattr(self, field, None) or self.name_es


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


class CompetencyFramework(RevisionMixin, models.Model):
    """A named set of competencies that learning outcomes are mapped to."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the framework comes from, e.g. CSWE 2022 EPAS."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="competency_framework")

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
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

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def revisions(self):
        return self._revisions

    @property
    def behaviour_list(self):
        return [line.strip() for line in self.behaviours.splitlines() if line.strip()]

    def clean(self):
        if self.parent_id and self.parent.framework_id != self.framework_id:
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


class InstitutionOwnedQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def for_user(self, user):
        """Records of the institutions where the user holds a role that works with them."""
        return self.filter(
            institution__in=Institution.objects.with_role(user, self.model.institution_roles)
        )


class TeachingMaterialQuerySet(InstitutionOwnedQuerySet):
    def open_licence(self):
        """Materials under an open licence: anyone may find them, and download their file."""
        return self.filter(licence__in=TeachingMaterial.OPEN_LICENCES)


class TeachingMaterial(RevisionMixin, index.Indexed, models.Model):
    """A resource that courses teach with: a document in the institution's collection or a link.

    The collection is private to the institution's staff; a trainee opens the file through an
    offering that uses it, and anyone downloads the file of a material under an open licence.
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
        index.FilterField("institution"),
        index.FilterField("kind"),
        index.FilterField("tier"),
        index.FilterField("language"),
        index.FilterField("licence"),
        index.FilterField("service_fields"),
    ]

    class Meta:
        verbose_name = _("teaching material")
        verbose_name_plural = _("teaching materials")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.licence in self.OPEN_LICENCES

    @property
    def revisions(self):
        return self._revisions

    @property
    def link(self):
        return self.document.url if self.document_id else self.url

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().prefetch_related("service_fields")

    @property
    def search_language(self):
        """The search index stems this material's words in the language it is written in."""
        return self.language

    def clean(self):
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(
                _("Give either a document or a link: one of the two, not both and not neither.")
            )
        if (
            self.document_id
            and self.institution_id
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


class InstitutionPolicy(RevisionMixin, models.Model):
    """A section every course of an institution shows as it is; only its admins change it."""

    class Kind(models.TextChoices):
        ETHICS = "ethics", _("Code of ethics")
        ATTENDANCE = "attendance", _("Attendance")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="policies",
    )
    kind = models.CharField(_("section"), max_length=20, choices=Kind.choices)
    body = SafeRichTextField(
        _("text"), features=["bold", "italic", "link", "ol", "ul"], help_text=_("Shown as it is.")
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="institution_policy")

    objects = InstitutionOwnedQuerySet.as_manager()
    institution_roles = (Role.INSTITUTION_ADMIN,)

    panels = [FieldRowPanel([FieldPanel("institution"), FieldPanel("kind")]), FieldPanel("body")]

    class Meta:
        verbose_name = _("course policy")
        verbose_name_plural = _("course policies")
        ordering = ["institution__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind"], name="curriculum_policy_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.institution}"

    @property
    def revisions(self):
        return self._revisions
