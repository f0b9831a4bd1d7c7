from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from core.permissions import ScopedPermissionPolicy
from curriculum.models import InstitutionPolicy, TeachingMaterial

# Registered before the viewsets are, so that their views use these scoped policies.
for model in (TeachingMaterial, InstitutionPolicy):
    register_permission_policy(model, ScopedPermissionPolicy(model, model.objects.for_user))

from curriculum.viewsets import CurriculumGroup  # noqa: E402

register_snippet(CurriculumGroup)
