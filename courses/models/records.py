"""What a trainee takes away: certificates, and the continuing-education hours they count."""

import secrets
from collections.abc import Sequence
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.models import Institution, Role, User
from core.storage import private_storage
from courses.models.offerings import (
    MANAGING_ROLES,
    STAFF_ROLES,
    CourseOffering,
    Enrolment,
    Trainee,
)

# Crockford's base32 without the letters people misread (I, L, O, U).
_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_certificate_number() -> str:
    """A number nobody can guess: the verification page is public."""
    body = "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(12))
    return f"PX-{body[:4]}-{body[4:8]}-{body[8:]}"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = STAFF_ROLES) -> Self:
        return self.filter(enrolment__offering__in=CourseOffering.objects.for_user(user, roles))

    def managed_by(self, user: User | AnonymousUser) -> Self:
        return self.for_user(user, MANAGING_ROLES)

    def valid(self) -> Self:
        return self.filter(revoked_at=None)


class Certificate(models.Model):
    """Proof that a trainee completed an offering. Re-issuing revokes the old number."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(
        _("number"), max_length=24, unique=True, default=new_certificate_number, editable=False
    )
    holder_name = models.CharField(_("holder"), max_length=170)
    course_title = models.CharField(_("course"), max_length=255)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at=None),
                name="courses_certificate_one_valid_per_enrolment",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ContinuingEducationRule(models.Model):
    """How many hours a professional level owes per registration period; editable data."""

    professional_level = models.OneToOneField(
        "curriculum.ProfessionalLevel",
        verbose_name=_("professional level"),
        on_delete=models.CASCADE,
        related_name="continuing_education_rule",
    )
    required_hours = models.DecimalField(
        _("hours required"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("Continuing-education hours owed in each registration period."),
    )
    period_years = models.PositiveSmallIntegerField(
        _("period (years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Periods start on the date of the professional certificate."),
    )
    degree_hours = models.DecimalField(
        _("hours for a social-work degree"),
        max_digits=5,
        decimal_places=1,
        default=90,
        validators=[MinValueValidator(0)],
        help_text=_("A completed social-work degree counts once, for this many hours."),
    )

    panels = [
        FieldPanel("professional_level"),
        FieldRowPanel(
            [FieldPanel("required_hours"), FieldPanel("period_years"), FieldPanel("degree_hours")]
        ),
    ]

    class Meta:
        verbose_name = _("continuing-education rule")
        verbose_name_plural = _("continuing-education rules")
        ordering = ["professional_level__sort_order"]

    def __str__(self) -> str:
        return str(self.professional_level)


class ContinuingEducationRecordQuerySet(models.QuerySet["ContinuingEducationRecord"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = STAFF_ROLES) -> Self:
        """Records that the user's institutions made; other institutions' stay theirs."""
        return self.filter(
            institution__in=Institution.objects.with_role(user, roles)
        ).select_related("trainee")

    def managed_by(self, user: User | AnonymousUser) -> Self:
        return self.for_user(user, MANAGING_ROLES)


class ContinuingEducationRecord(models.Model):
    """Hours in a trainee's ledger: a completed course, an external activity, or a degree."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course completed here")
        EXTERNAL = "external", _("External training")
        DEGREE = "degree", _("Social-work degree")

    trainee = models.ForeignKey(
        Trainee,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="continuing_education",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("recorded by institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Only this institution's staff see the record and its evidence. Empty on training "
            "the trainee entered themselves."
        ),
    )
    title = models.CharField(_("activity"), max_length=255)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    completed_on = models.DateField(_("completed on"))
    enrolment = models.OneToOneField(
        Enrolment,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="continuing_education",
    )
    evidence = models.FileField(
        _("evidence"),
        upload_to="ce-evidence/%Y/",
        storage=private_storage,
        blank=True,
        help_text=_("A scan of the certificate or attendance record (PDF or image)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ContinuingEducationRecordQuerySet.as_manager()
    institution_roles = MANAGING_ROLES

    class Meta:
        verbose_name = _("continuing-education record")
        verbose_name_plural = _("continuing-education records")
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee"],
                condition=Q(kind="degree"),
                name="courses_ce_degree_counts_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.hours} h"
