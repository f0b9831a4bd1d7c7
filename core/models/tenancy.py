from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.languages import in_reader_language

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from wagtail.models import Page

    from core.models.users import User


class Role(models.TextChoices):
    """What a member does for an institution. Each role is one Wagtail group per institution."""

    INSTITUTION_ADMIN = "admin", _("Institution administrator")
    COURSE_AUTHOR = "author", _("Course author")
    REVIEWER = "reviewer", _("Reviewer")
    FACULTY = "faculty", _("Faculty")
    PLACEMENT_COORDINATOR = "coordinator", _("Placement coordinator")
    EVALUATOR = "evaluator", _("Evaluator")


class Region(models.Model):
    """Province > city > district: institutions, practice bases and trainees carry one."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    PARENT_LEVEL: ClassVar[dict[str, Level]] = {
        Level.CITY: Level.PROVINCE,
        Level.DISTRICT: Level.CITY,
    }

    name = models.CharField(_("name"), max_length=120)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    name_zh_hans = models.CharField(_("name in Chinese"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("A city belongs to a province; a district to a city. Provinces have none."),
    )
    code = models.CharField(
        _("code"), max_length=12, blank=True, help_text=_("Official administrative code, if any.")
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="core_region_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent=None), name="core_region_unique_province"
            ),
        ]

    def __str__(self) -> str:
        return " › ".join(in_reader_language(region) for region in self.lineage())

    def lineage(self) -> list[Region]:
        """The chain from the province down to this region."""
        chain = [self]
        while (parent := chain[0].parent) is not None:
            chain.insert(0, parent)
        return chain

    def clean(self) -> None:
        expected = self.PARENT_LEVEL.get(self.level)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": _("A province cannot be part of another region.")})
        if expected is not None and (self.parent is None or self.parent.level != expected):
            raise ValidationError(
                {
                    "parent": _("A %(level)s must be part of a %(parent)s.")
                    % {
                        "level": self.Level(self.level).label.lower(),
                        "parent": self.Level(expected).label.lower(),
                    }
                }
            )

    @classmethod
    def within(cls, region: Region) -> models.QuerySet[Region]:
        """The region itself and every region inside it."""
        return cls.objects.filter(Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region))


class InstitutionQuerySet(models.QuerySet["Institution"]):
    def with_role(self, user: User | AnonymousUser, roles: Iterable[str]) -> InstitutionQuerySet:
        """Institutions where the user holds one of these roles; all of them for a superuser."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(memberships__user=user, memberships__role__in=roles).distinct()

    def owning(self, page: Page) -> Institution | None:
        """The institution whose subtree holds this page (in any language), or None."""
        ancestors = page.get_ancestors(inclusive=True).values("translation_key")
        return self.filter(root_page__translation_key__in=ancestors).first()

    def administered_by(self, user: User | AnonymousUser) -> InstitutionQuerySet:
        """Institutions this user may manage."""
        return self.with_role(user, [Role.INSTITUTION_ADMIN])

    def overseen_by(self, user: User | AnonymousUser) -> InstitutionQuerySet:
        """Institutions a supervising authority's members may look at, read-only.

        An authority is an institution with an oversight region; its members see every active
        institution of that region.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        regions = Region.objects.filter(
            overseeing_institutions__memberships__user=user
        ).values_list("pk", flat=True)
        if not regions:
            return self.none()
        region_filter = Q()
        for region_id in regions:
            region_filter |= (
                Q(region_id=region_id)
                | Q(region__parent_id=region_id)
                | Q(region__parent__parent_id=region_id)
            )
        return self.filter(region_filter, active=True)


# The plugin finds no manager on the models with an untyped base (Wagtail's Page,
# modelcluster's ClusterableModel) for the reverse relations of their `institution`.
class Institution(models.Model):  # type: ignore[django-manager-missing]
    """A training provider: the tenant that owns pages, media, groups and records."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        COLLEGE = "college", _("College")
        VOCATIONAL_COLLEGE = "vocational", _("Vocational college")
        RESEARCH_INSTITUTE = "research", _("Research institute")
        TRAINING_INSTITUTION = "training", _("Training institution")
        SOCIAL_SERVICE_ORGANISATION = "social_service", _("Social service organisation")
        GOVERNMENT_DEPARTMENT = "government", _("Government department")

    name = models.CharField(
        _("official name"),
        max_length=200,
        unique=True,
        help_text=_("As the institution writes it; the names below translate it for readers."),
    )
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used in the address of the institution's pages on the learning site."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "core.PraxisImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the institution's pages and printed on its syllabi."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive institutions keep their records but offer no new courses."),
    )
    oversight_region = models.ForeignKey(
        Region,
        verbose_name=_("oversight region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overseeing_institutions",
        help_text=_(
            "Only for a supervising authority: its members may look at every institution of this"
            " region, read-only."
        ),
    )
    root_page = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="owning_institution",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="owning_institution",
    )
    workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="owning_institution",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return in_reader_language(self)


class InstitutionGroup(models.Model):
    """The Wagtail group that carries one role's permissions within one institution."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="role_groups"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="institution_role"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "role"], name="core_institutiongroup_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.get_role_display()}"


# The roles an institution's administrators grant there: every role below their own (an
# evaluator only in a supervising authority). Administrators are named by the platform's.
GRANTED_BY_ADMINISTRATORS = (
    Role.COURSE_AUTHOR,
    Role.REVIEWER,
    Role.FACULTY,
    Role.PLACEMENT_COORDINATOR,
    Role.EVALUATOR,
)


def grantable_roles(user: User | AnonymousUser, institution: Institution) -> list[Role]:
    """The roles `user` may give someone at `institution`: every role for a platform
    administrator, the roles below their own for its administrators, none for anyone else;
    an evaluator only in a supervising authority."""
    if user.is_active and user.is_superuser:
        roles = list(Role)
    elif Institution.objects.administered_by(user).filter(pk=institution.pk).exists():
        roles = list(GRANTED_BY_ADMINISTRATORS)
    else:
        roles = []
    if institution.oversight_region_id is None:
        roles = [role for role in roles if role != Role.EVALUATOR]
    return roles


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: User | AnonymousUser) -> MembershipQuerySet:
        """Memberships of the institutions this user administers."""
        return self.filter(institution__in=Institution.objects.administered_by(user))

    def granted_by(self, user: User | AnonymousUser) -> MembershipQuerySet:
        """Memberships the user may change or withdraw: those whose role they may grant."""
        if user.is_active and user.is_superuser:
            return self
        return self.for_user(user).filter(
            Q(role__in=GRANTED_BY_ADMINISTRATORS)
            & (~Q(role=Role.EVALUATOR) | Q(institution__oversight_region__isnull=False))
        )


class Membership(models.Model):
    """A person's role at an institution; the role's group follows the membership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["institution__name", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution", "role"], name="core_membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.institution}"

    def clean(self) -> None:
        if (
            self.role == Role.EVALUATOR
            and self.institution_id
            and self.institution.oversight_region_id is None
        ):
            raise ValidationError(
                {
                    "role": _(
                        "Evaluators belong to a supervising authority: %(institution)s oversees "
                        "no region."
                    )
                    % {"institution": self.institution}
                }
            )
