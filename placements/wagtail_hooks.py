import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogActionRegistry

from courses.learning import is_learner
from placements.models import (
    BaseAgreement,
)
from placements.viewsets import PlacementsGroup


@hooks.register("register_admin_viewset")
def register_placements() -> PlacementsGroup:
    return PlacementsGroup()


@hooks.register("account_links")
def my_placements_link(request: HttpRequest) -> tuple[StrOrPromise, str] | None:
    return (_("My placements"), reverse("placements:mine")) if is_learner(request) else None


@hooks.register("register_log_actions")
def register_link_actions(actions: LogActionRegistry) -> None:
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

    def __init__(self, agreements: Sequence[BaseAgreement]) -> None:
        self.agreements = agreements

    def get_context_data(
        self, parent_context: Mapping[str, Any] | None = None
    ) -> dict[str, Sequence[BaseAgreement]]:
        return {"agreements": self.agreements}


@hooks.register("construct_homepage_panels")
def add_renewal_panel(request: HttpRequest, panels: list[Component]) -> None:
    agreements = list(
        BaseAgreement.objects.for_user(request.user)
        .due_for_renewal(datetime.date.today())
        .select_related("base")
        .order_by("ends_on")
    )
    if agreements:
        panels.append(RenewalPanel(agreements))
