"""The people waiting for a course's next edition: asked on the course page when no offering
takes applications, e-mailed once when the institution opens one."""

from collections.abc import Sequence
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Institution, Role, User
from courses.models.offerings import MANAGING_ROLES
from courses.models.pages import CoursePage
from curriculum.models import LANGUAGE_CHOICES


class CourseInterestQuerySet(models.QuerySet["CourseInterest"]):
    def for_user(self, user: User | AnonymousUser, roles: Sequence[Role] = MANAGING_ROLES) -> Self:
        """The interest in the courses of the institutions the user administers."""
        return self.filter(
            course__institution__in=Institution.objects.with_role(user, roles)
        ).select_related("course", "user")

    def managed_by(self, user: User | AnonymousUser) -> Self:
        return self.for_user(user, MANAGING_ROLES)

    def waiting(self) -> Self:
        """Those not yet told of a new edition."""
        return self.filter(notified_at=None)


class CourseInterest(models.Model):
    """A person's wish to hear when a course (in any of its translations) opens again."""

    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="interest"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="course_interest",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=LANGUAGE_CHOICES,
        help_text=_("The language of the page they asked on, which the e-mail is written in."),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    notified_at = models.DateTimeField(
        _("e-mailed"),
        null=True,
        blank=True,
        help_text=_("When the person was told that a new edition takes applications."),
    )

    objects = CourseInterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("person waiting for a next edition")
        verbose_name_plural = _("people waiting for a next edition")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="courses_interest_once")
        ]

    def __str__(self) -> str:
        return f"{self.course.title} · {self.user.get_full_name() or self.user.email}"
