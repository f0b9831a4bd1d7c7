"""Who reaches which institutions and memberships: the scoped permission policies of core's
models, registered when the apps are ready (core.apps), before any viewset is built."""

from wagtail.permissions import register_permission_policy

from core.models import Institution, Membership, Term
from core.permissions import ScopedPermissionPolicy

register_permission_policy(
    Institution, ScopedPermissionPolicy(Institution, Institution.objects.administered_by)
)
register_permission_policy(
    Membership,
    ScopedPermissionPolicy(
        Membership,
        Membership.objects.for_user,
        dict.fromkeys(("change", "delete"), Membership.objects.granted_by),
    ),
)
register_permission_policy(
    Term,
    ScopedPermissionPolicy(
        Term,
        Term.objects.for_user,
        dict.fromkeys(("add", "change", "delete"), Term.objects.administered_by),
    ),
)
