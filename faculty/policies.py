"""Who reaches which faculty members, pools and assignments: those who keep the faculty of
their institutions. Registered when the apps are ready (core.apps), before any viewset is
built."""

from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from faculty.models import FacultyMember, FacultyPool, TeachingAssignment

for model in (FacultyMember, FacultyPool, TeachingAssignment):
    register_permission_policy(model, ScopedPermissionPolicy(model, model.objects.for_user))
