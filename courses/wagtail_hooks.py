from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from courses.models import (
    Certificate,
    ContinuingEducationRecord,
    CourseOffering,
    CoursePage,
    Trainee,
)

# Registered before the viewsets are, so that their views use these scoped policies. Faculty
# look and record results; only an institution's administrators change its records.
for model in (CourseOffering, Trainee, Certificate, ContinuingEducationRecord):
    managed = model.objects.managed_by
    register_permission_policy(
        model,
        ScopedPermissionPolicy(
            model,
            model.objects.for_user,
            action_scopes={"add": managed, "change": managed, "delete": managed},
        ),
    )

from courses.viewsets import TeachingGroup  # noqa: E402


@hooks.register("register_admin_viewset")
def register_teaching():
    return TeachingGroup()


@hooks.register("before_delete_page")
def keep_courses_that_were_offered(request, page):
    """A course with offerings holds trainees' records: it can be unpublished, not deleted."""
    translations = page.get_translations(inclusive=True).values_list("path", flat=True)
    courses = CoursePage.objects.none()
    for path in translations:
        courses |= CoursePage.objects.filter(path__startswith=path)
    offered = CourseOffering.objects.filter(course__in=courses).select_related("course")
    first = offered.first()
    if first is not None:
        messages.error(
            request,
            _(
                "“%(course)s” has offerings with trainees' records (%(offering)s), so it cannot "
                "be deleted. Unpublish it instead."
            )
            % {"course": first.course.title, "offering": first.code},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
