"""Each institution's locked course policies, printed in every syllabus of its courses."""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Revision, RevisionMixin, TranslatableMixin

from core.models import Institution, Role
from core.richtext import SafeRichTextField
from core.translatable import kept_as_in_source
from curriculum.models.materials import InstitutionOwnedQuerySet


class InstitutionPolicy(TranslatableMixin, RevisionMixin, models.Model):
    """A section every course of an institution shows as it is; only its admins change it.
    Translated with wagtail-localize: a syllabus prints it in its own language where it can."""

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
    override_translatable_fields = kept_as_in_source("institution", "kind")

    panels = [FieldRowPanel([FieldPanel("institution"), FieldPanel("kind")]), FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("course policy")
        verbose_name_plural = _("course policies")
        ordering = ["institution__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind", "locale"], name="curriculum_policy_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.institution}"

    @property
    def revisions(self) -> "models.Manager[Revision]":
        return self._revisions

    def as_it_was(self, when: datetime.datetime) -> "InstitutionPolicy":
        """The policy as its latest revision up to `when` had it; as it is when it has none
        so old (written or first revised later, or saved without a revision)."""
        revision = self._revisions.filter(created_at__lte=when).order_by("-created_at", "-pk")
        found = revision.first()
        return self.with_content_json(found.content) if found is not None else self
