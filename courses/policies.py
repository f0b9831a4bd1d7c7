"""Who reaches which offerings, trainees, certificates and continuing-education records:
faculty look and record results; only an institution's administrators change its records.
Registered when the apps are ready (core.apps), before any viewset is built."""

from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from courses.models import Certificate, ContinuingEducationRecord, CourseOffering, Trainee

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
