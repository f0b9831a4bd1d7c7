"""Who reaches which offerings, trainees, certificates, continuing-education records and
interest lists: faculty look and record results; only an institution's administrators change
its records (and see who waits for a course). Registered when the apps are ready (core.apps),
before any viewset is built."""

from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from courses.models import (
    Certificate,
    ContinuingEducationRecord,
    CourseInterest,
    CourseOffering,
    Trainee,
)

for model in (CourseOffering, Trainee, Certificate, ContinuingEducationRecord, CourseInterest):
    managed = model.objects.managed_by
    register_permission_policy(
        model,
        ScopedPermissionPolicy(
            model,
            model.objects.for_user,
            action_scopes={"add": managed, "change": managed, "delete": managed},
        ),
    )
