import datetime

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
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

# Registered before the viewsets are, so that their views use these scoped policies.
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

from placements.viewsets import PlacementsGroup  # noqa: E402


@hooks.register("register_admin_viewset")
def register_placements():
    return PlacementsGroup()


@hooks.register("register_log_actions")
def register_link_actions(actions):
    actions.register_action(
        "placements.link_created", _("Supervisor link created"), _("Supervisor link created")
    )
    actions.register_action(
        "placements.link_opened", _("Supervisor link opened"), _("Supervisor link opened")
    )
    actions.register_action(
        "placements.link_used", _("Supervisor link used"), _("Supervisor link used")
    )


class RenewalPanel(Component):
    """The admin home's list of the user's agreements that end soon without a successor."""

    name = "agreement_renewals"
    order = 120
    template_name = "placements/admin/renewals_panel.html"

    def __init__(self, agreements):
        self.agreements = agreements

    def get_context_data(self, parent_context=None):
        return {"agreements": self.agreements}


@hooks.register("construct_homepage_panels")
def add_renewal_panel(request, panels):
    agreements = list(
        BaseAgreement.objects.for_user(request.user)
        .due_for_renewal(datetime.date.today())
        .select_related("base")
        .order_by("ends_on")
    )
    if agreements:
        panels.append(RenewalPanel(agreements))
