from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from faculty.models import FacultyMember, FacultyPool, TeachingAssignment

# Registered before the viewsets are, so that their views use these scoped policies.
for model in (FacultyMember, FacultyPool, TeachingAssignment):
    register_permission_policy(model, ScopedPermissionPolicy(model, model.objects.for_user))

from faculty.viewsets import FacultyGroup  # noqa: E402


@hooks.register("register_admin_viewset")
def register_faculty():
    return FacultyGroup()
