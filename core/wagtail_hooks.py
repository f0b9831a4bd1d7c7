from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core import audit
from core.models import Institution, Membership
from core.permissions import ScopedPermissionPolicy

# Registered before the viewsets are, so that their views use these scoped policies.
register_permission_policy(
    Institution, ScopedPermissionPolicy(Institution, Institution.objects.administered_by)
)
register_permission_policy(
    Membership, ScopedPermissionPolicy(Membership, Membership.objects.for_user)
)

from core.viewsets import PeopleAndPlacesGroup  # noqa: E402


@hooks.register("register_admin_viewset")
def register_people_and_places():
    return PeopleAndPlacesGroup()


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register_actions(actions)
