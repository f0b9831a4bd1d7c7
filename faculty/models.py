"""Faculty members, the pools institutions draw them from, and their teaching assignments.

A member's employment type is kept per term, so last year's part-timer who is full-time now
still counts as part-time in last year's figures.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.models import Institution, Role, User
from core.models.terms import check_term
from core.privacy import ERASED
from curriculum.models import Certified

# Who keeps an institution's faculty: its administrators and its coordinators.
MANAGING_ROLES = (Role.INSTITUTION_ADMIN, Role.PLACEMENT_COORDINATOR)


class EmploymentType(models.TextChoices):
    FULL_TIME = "full-time", _("Full-time")
    PART_TIME = "part-time", _("Part-time")
    PRACTITIONER = "practitioner", _("Front-line practitioner")
    VISITING = "visiting", _("Visiting")


class FacultyMemberQuerySet(models.QuerySet["FacultyMember"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = MANAGING_ROLES) -> Self:
        """Members who teach for an institution where the user keeps the faculty."""
        institutions = Institution.objects.with_role(user, roles)
        return self.filter(
            pk__in=EmploymentTerm.objects.filter(institution__in=institutions).values("member_id")
        )

    def employed_as(self, types: Iterable[str]) -> Self:
        """Members with a term of one of these employment types (a placement's academic
        supervisor teaches for the institution; its agency supervisor practises)."""
        return self.filter(
            pk__in=EmploymentTerm.objects.filter(employment_type__in=types).values("member_id")
        )

    def not_erased(self) -> Self:
        """Without the stand-ins of people erased at their request ("— —"), whom no one picks
        for new work (a record that names one keeps it)."""
        return self.exclude(family_name=ERASED, given_name=ERASED)

    def for_pickers(self) -> Self:
        """What a picker's labels read (picker_label), in one more query."""
        return self.prefetch_related(
            models.Prefetch("terms", EmploymentTerm.objects.select_related("institution"))
        )


# The plugin cannot build the related managers of Placement, a ClusterableModel (modelcluster
# has no types).
class FacultyMember(Certified, ClusterableModel):  # type: ignore[django-manager-missing]
    """A person who teaches: staff, a part-timer, or a practitioner who may have no account."""

    class Degree(models.TextChoices):
        DIPLOMA = "diploma", _("Vocational diploma")
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faculty_member",
        help_text=_("Practitioners who only teach a session or two may have none."),
    )
    family_name = models.CharField(_("family name"), max_length=80)
    given_name = models.CharField(_("given name"), max_length=80)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    employer = models.CharField(
        _("employer"),
        max_length=200,
        blank=True,
        help_text=_("For a practitioner: the practice base or agency where they work."),
    )
    highest_degree = models.CharField(
        _("highest degree"), max_length=12, choices=Degree.choices, blank=True
    )
    years_of_practice = models.PositiveSmallIntegerField(
        _("years of front-line practice"), default=0, validators=[MaxValueValidator(70)]
    )
    fields = ParentalManyToManyField(
        "curriculum.ServiceField", verbose_name=_("fields of expertise"), blank=True
    )
    teaching_languages = models.CharField(
        _("teaching languages"),
        max_length=40,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. es, zh-hans."),
    )
    availability = models.TextField(
        _("availability"), blank=True, help_text=_("e.g. weekday evenings; not in July.")
    )
    bio = models.TextField(_("short public bio"), max_length=600, blank=True)
    public_profile = models.BooleanField(
        _("consents to a public profile"),
        default=False,
        help_text=_("Course pages then show their name, role, bio and fields; never contact data."),
    )

    objects = FacultyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("faculty member")
        verbose_name_plural = _("faculty members")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}"

    def picker_label(self) -> str:
        """The name with what tells namesakes apart: the institution and employment of the
        member's latest term, and the e-mail address (or the employer)."""
        terms = list(self.terms.all())
        latest = terms[-1] if terms else None
        facts = [str(latest.institution), latest.get_employment_type_display()] if latest else []
        facts.append(self.email or self.employer)
        return " · ".join(dict.fromkeys(str(fact) for fact in [str(self), *facts] if fact))

    def language_codes(self) -> list[str]:
        """The teaching languages as typed: codes separated by commas."""
        return [code.strip() for code in self.teaching_languages.split(",") if code.strip()]


class EmploymentTerm(models.Model):
    """How a member teaches for an institution in one term, and the hours contracted."""

    member = ParentalKey(FacultyMember, on_delete=models.CASCADE, related_name="terms")
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        "core.Term",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="employment_terms",
    )
    employment_type = models.CharField(
        _("employment type"), max_length=14, choices=EmploymentType.choices
    )
    contracted_hours = models.DecimalField(
        _("contracted teaching hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )

    panels = [
        FieldRowPanel([FieldPanel("institution"), FieldPanel("term")]),
        FieldRowPanel([FieldPanel("employment_type"), FieldPanel("contracted_hours")]),
    ]
    # The hours assigned in the term, which `services.term_loads` sets (not a field).
    assigned: Decimal

    class Meta:
        verbose_name = _("employment term")
        verbose_name_plural = _("employment terms")
        ordering = ["institution", "term__starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "institution", "term"], name="faculty_term_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} · {self.get_employment_type_display()}"

    def clean(self) -> None:
        check_term(self, self.institution_id)


class PracticeHours(models.Model):
    """A member's own front-line practice in one year: teachers who practise, as policy asks."""

    member = ParentalKey(FacultyMember, on_delete=models.CASCADE, related_name="practice_hours")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )

    panels = [FieldRowPanel([FieldPanel("year"), FieldPanel("hours")])]

    class Meta:
        verbose_name = _("practice hours")
        verbose_name_plural = _("practice hours")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="faculty_practice_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.hours} h"


class FacultyPoolQuerySet(models.QuerySet["FacultyPool"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = MANAGING_ROLES) -> Self:
        return self.filter(institution__in=Institution.objects.with_role(user, roles))


class FacultyPool(models.Model):
    """A named group of an institution's teachers, e.g. «Docentes de salud mental»."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="faculty_pools",
    )
    name = models.CharField(_("name"), max_length=160)
    field = models.ForeignKey(
        "curriculum.ServiceField",
        verbose_name=_("field of service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    members = models.ManyToManyField(
        FacultyMember, verbose_name=_("members"), blank=True, related_name="pools"
    )

    objects = FacultyPoolQuerySet.as_manager()
    institution_roles = MANAGING_ROLES

    panels = [
        FieldPanel("institution"),
        FieldPanel("name"),
        FieldPanel("field"),
        FieldPanel("purpose"),
        FieldPanel("members"),
    ]

    class Meta:
        verbose_name = _("faculty pool")
        verbose_name_plural = _("faculty pools")
        ordering = ["institution", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="faculty_pool_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class TeachingAssignmentQuerySet(models.QuerySet["TeachingAssignment"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = MANAGING_ROLES) -> Self:
        return self.filter(
            offering__institution__in=Institution.objects.with_role(user, roles)
        ).select_related("member", "offering")


class TeachingAssignment(models.Model):
    """A member's part in one offering, and the hours it takes."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead instructor")
        CO_TEACHER = "co-teacher", _("Co-teacher")
        GUEST = "guest", _("Guest lecturer")
        SUPERVISOR = "supervisor", _("Practice supervisor")

    member = models.ForeignKey(
        FacultyMember,
        verbose_name=_("faculty member"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    offering = models.ForeignKey(
        "courses.CourseOffering",
        verbose_name=_("offering"),
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )

    objects = TeachingAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        ordering = ["offering", "role", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "offering"], name="faculty_assignment_once_per_offering"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_role_display()} · {self.offering.code}"
