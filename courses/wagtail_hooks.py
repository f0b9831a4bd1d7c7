from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from courses.models import Certificate, ContinuingEducationRecord, CourseOffering, Trainee

# Registered before the viewsets are, so that their views use these scoped policies.
for model in (CourseOffering, Trainee, Certificate, ContinuingEducationRecord):
    register_permission_policy(model, ScopedPermissionPolicy(model, model.objects.for_user))

from courses.viewsets import TeachingGroup  # noqa: E402


@hooks.register("register_admin_viewset")
def register_teaching():
    return TeachingGroup()
