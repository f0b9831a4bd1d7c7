"""Who reaches which practice bases, programmes, applications, allocations and placements.
Registered when the apps are ready (core.apps), before any viewset is built."""

from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from placements.models import (
    AllocationRun,
    BaseAgreement,
    Placement,
    PlacementApplication,
    PlacementProgramme,
    PracticeBase,
)

for model in (AllocationRun, BaseAgreement, PlacementApplication, PlacementProgramme,
              PracticeBase):  # fmt: skip
    register_permission_policy(model, ScopedPermissionPolicy(model, model.objects.for_user))
# Academic supervisors see their own placements; only the institution's staff change them.
register_permission_policy(
    Placement,
    ScopedPermissionPolicy(
        Placement,
        Placement.objects.visible_to,
        dict.fromkeys(("add", "change", "delete"), Placement.objects.for_user),
    ),
)
