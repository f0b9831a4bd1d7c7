"""Who reaches which teaching materials and institution policies: the institution's staff.
Registered when the apps are ready (core.apps), before any viewset is built."""

from wagtail.permissions import register_permission_policy

from core.permissions import ScopedPermissionPolicy
from curriculum.models import InstitutionPolicy, TeachingMaterial

for model in (TeachingMaterial, InstitutionPolicy):
    register_permission_policy(model, ScopedPermissionPolicy(model, model.objects.for_user))
