"""Grades: a score per assessment component that the course page authors, out of 100."""

from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import User
from courses.models.offerings import CourseOffering, Enrolment


class GradeQuerySet(models.QuerySet["Grade"]):
    def for_user(self, user: User | AnonymousUser) -> Self:
        return self.filter(enrolment__offering__in=CourseOffering.objects.for_user(user))


class Grade(models.Model):
    """One trainee's score in one component; the component is the course's assessment block."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="grades"
    )
    component_id = models.CharField(_("assessment component"), max_length=64)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    objects = GradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        db_table = "assessment_grade"  # moved from assessment with its table
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "component_id"], name="assessment_grade_one_per_component"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100),
                name="assessment_grade_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component_id}: {self.score}"
