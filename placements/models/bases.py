"""Practice bases — the agencies that host trainees — with their places per term and level,
and the agreements that let an institution place trainees there."""

import datetime
from collections.abc import Sequence
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from core.models import Institution, Role, User
from core.models.terms import check_term

# Who keeps an institution's bases, programmes and placements.
MANAGING_ROLES = (Role.INSTITUTION_ADMIN, Role.PLACEMENT_COORDINATOR)
# How long before an agreement ends that its institution is told to renew it.
RENEWAL_NOTICE = datetime.timedelta(days=60)


class Level(models.TextChoices):
    """The level of the trainees a programme places; bases offer places per level."""

    VOCATIONAL = "vocational", _("Higher vocational")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master (MSW)")
    IN_SERVICE = "in-service", _("In-service staff")


class InstitutionOwnedQuerySet[M: models.Model](models.QuerySet[M]):
    institution_path = "institution"
    # What the admin's listings and exports show of each record, fetched with it.
    listed_with: tuple[str, ...] = ()

    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = MANAGING_ROLES) -> Self:
        """The records of the institutions where the user keeps placements."""
        institutions = Institution.objects.with_role(user, roles)
        scoped = self.filter(**{f"{self.institution_path}__in": institutions})
        return scoped.select_related(*self.listed_with) if self.listed_with else scoped


class BaseQuerySet(InstitutionOwnedQuerySet["PracticeBase"]):
    listed_with = ("region", "institution")


class PracticeBase(ClusterableModel):
    """An agency on an institution's list of practice bases."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community service organisation")
        WELFARE = "welfare", _("Social welfare institution")
        HOSPITAL = "hospital", _("Hospital")
        SCHOOL = "school", _("School")
        AGENCY = "agency", _("Social work agency")
        GOVERNMENT = "government", _("Government service department")
        ENTERPRISE = "enterprise", _("Enterprise")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="practice_bases",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    fields = ParentalManyToManyField(
        "curriculum.ServiceField", verbose_name=_("fields served"), blank=True
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    teaching_base = models.BooleanField(
        _("designated practice-teaching base"),
        default=False,
        help_text=_("A base designated for practice teaching, beyond hosting internships."),
    )
    designated_from = models.DateField(_("designated from"), null=True, blank=True)
    designated_until = models.DateField(_("designated until"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    objects = BaseQuerySet.as_manager()
    institution_roles = MANAGING_ROLES

    panels = [
        FieldRowPanel([FieldPanel("institution"), FieldPanel("kind")]),
        FieldPanel("name"),
        FieldPanel("fields"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("address")]),
        MultiFieldPanel(
            [
                FieldPanel("teaching_base"),
                FieldRowPanel([FieldPanel("designated_from"), FieldPanel("designated_until")]),
            ],
            heading=_("Designation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contact"),
        ),
        InlinePanel(
            "capacities",
            heading=_("Places per term and level"),
            label=_("Places"),
            help_text=_("Placements at the base never exceed these numbers."),
        ),
    ]

    class Meta:
        verbose_name = _("practice base")
        verbose_name_plural = _("practice bases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.teaching_base and not self.designated_from:
            raise ValidationError(
                {"designated_from": _("Give the date the base was designated a teaching base.")}
            )
        if (
            self.designated_from
            and self.designated_until
            and self.designated_until < self.designated_from
        ):
            raise ValidationError(
                {"designated_until": _("The designation cannot end before it starts.")}
            )


class BaseCapacity(models.Model):
    base = ParentalKey(PracticeBase, on_delete=models.CASCADE, related_name="capacities")
    term = models.ForeignKey(
        "core.Term",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="base_capacities",
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])

    panels = [FieldRowPanel([FieldPanel("term"), FieldPanel("level"), FieldPanel("places")])]

    class Meta:
        verbose_name = _("places")
        verbose_name_plural = _("places")
        ordering = ["term__starts_on", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "term", "level"], name="placements_capacity_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} · {self.get_level_display()}: {self.places}"

    def clean(self) -> None:
        check_term(self, self.base.institution_id if self.base_id else None)


class AgreementQuerySet(InstitutionOwnedQuerySet["BaseAgreement"]):
    institution_path = "base__institution"
    listed_with = ("base",)

    def valid_on(self, day: datetime.date) -> Self:
        return self.filter(status=BaseAgreement.Status.SIGNED, starts_on__lte=day, ends_on__gte=day)

    def covering(self, starts_on: datetime.date, ends_on: datetime.date) -> Self:
        """Signed agreements in force for the whole of a period."""
        return self.filter(
            status=BaseAgreement.Status.SIGNED, starts_on__lte=starts_on, ends_on__gte=ends_on
        )

    def due_for_renewal(self, today: datetime.date) -> Self:
        """Signed agreements ending within the notice period, not yet followed by another."""
        later = BaseAgreement.objects.filter(
            base=models.OuterRef("base"),
            status=BaseAgreement.Status.SIGNED,
            ends_on__gt=models.OuterRef("ends_on"),
        )
        return (
            self.valid_on(today)
            .filter(ends_on__lte=today + RENEWAL_NOTICE)
            .exclude(models.Exists(later))
        )


class BaseAgreement(models.Model):
    """An agreement between the institution and a base, for a period; placements at the base
    need one in force for their whole period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        TERMINATED = "terminated", _("Terminated")

    base = models.ForeignKey(
        PracticeBase,
        verbose_name=_("practice base"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("signed agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The scanned, signed agreement."),
    )
    renewal_alerted_on = models.DateField(_("renewal alert sent on"), null=True, editable=False)

    objects = AgreementQuerySet.as_manager()

    panels = [
        FieldPanel("base"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("signed_on")]),
        FieldPanel("document"),
    ]

    class Meta:
        verbose_name = _("base agreement")
        verbose_name_plural = _("base agreements")
        ordering = ["-ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="placements_agreement_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.base} · {self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An agreement cannot end before it starts.")})
        if self.status == self.Status.SIGNED and not self.signed_on:
            raise ValidationError({"signed_on": _("Give the date the agreement was signed.")})
