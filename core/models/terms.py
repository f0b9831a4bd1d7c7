"""An institution's academic terms: what offerings, contracts, places and placements run in.

A term is data with dates, not a name typed again on every form, so lists of terms read in
the order they happen and "the current term" is the one today falls in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.languages import in_reader_language
from core.models.tenancy import Institution, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models.users import User


class TermQuerySet(models.QuerySet["Term"]):
    def for_user(self, user: User | AnonymousUser) -> Self:
        """The terms of the institutions where the user holds any role."""
        return self.filter(institution__in=Institution.objects.with_role(user, Role.values))

    def administered_by(self, user: User | AnonymousUser) -> Self:
        """The terms of the institutions the user administers: theirs to add, change and
        delete."""
        return self.filter(institution__in=Institution.objects.administered_by(user))

    def started(self, today: datetime.date | None = None) -> Self:
        return self.filter(starts_on__lte=today or timezone.localdate())

    def current(self, today: datetime.date | None = None) -> Term | None:
        """The term today falls in; between terms the next one, and after the last, the last.

        What a term picker offers first, and what a report shows before anyone picks.
        """
        return current_term(self.order_by("starts_on", "pk"), today)


class Term(models.Model):  # type: ignore[django-manager-missing]
    """A period of an institution's teaching year, named in every site language."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="terms",
    )
    name_es = models.CharField(_("name in Spanish"), max_length=40, help_text=_("e.g. Otoño 2026."))
    name_zh_hans = models.CharField(
        _("name in Chinese"), max_length=40, help_text=_("e.g. 2026年秋季学期.")
    )
    name_en = models.CharField(
        _("name in English"), max_length=40, help_text=_("e.g. Autumn 2026.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    objects = TermQuerySet.as_manager()
    # Who keeps an institution's terms (InstitutionOwnedForm offers their institutions).
    institution_roles = (Role.INSTITUTION_ADMIN,)

    panels = [
        FieldPanel("institution"),
        FieldRowPanel([FieldPanel("name_es"), FieldPanel("name_zh_hans"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
    ]

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["starts_on", "institution", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name_es"], name="core_term_name_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="core_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language, falling back to the Spanish name."""
        return in_reader_language(self)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A term cannot end before it starts.")})

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on


def current_term(terms: Iterable[Term], today: datetime.date | None = None) -> Term | None:
    """Of terms in the order they start: the one today falls in; between terms the next one,
    and after the last, the last."""
    today = today or timezone.localdate()
    terms = list(terms)
    return (
        next((term for term in terms if term.starts_on <= today <= term.ends_on), None)
        or next((term for term in terms if term.starts_on > today), None)
        or (terms[-1] if terms else None)
    )


def check_term(record: models.Model, institution_id: int | None, field: str = "term") -> None:
    """Refuse a record's term of another institution than its own: a clear error on the field."""
    if getattr(record, f"{field}_id", None) is None or institution_id is None:
        return
    if getattr(record, field).institution_id != institution_id:
        raise ValidationError(
            {field: _("Choose one of the institution's own terms (Institutions › Terms).")}
        )
