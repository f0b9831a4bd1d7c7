import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogActionRegistry

from core.dashboard import roles_of
from core.models import Role
from core.permissions import signed_in
from courses.learning import is_learner
from placements import dashboard
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


@hooks.register("construct_homepage_panels")
def add_placement_panels(request: HttpRequest, panels: list[Component]) -> None:
    user = signed_in(request)
    roles = roles_of(user)
    if roles & {Role.PLACEMENT_COORDINATOR, Role.INSTITUTION_ADMIN}:
        panels.extend(dashboard.coordinator_panels(user, datetime.date.today()))
    if Role.FACULTY in roles:
        panels.extend(dashboard.supervisor_panels(user))
