"""The Wagtail dashboard as each role's work queue: apps add a WorkPanel per queue of their
own (through `construct_homepage_panels`), each a query of that person's work with its count,
links to each item and, when empty, a sentence that says what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django_stubs_ext import StrOrPromise
from wagtail.admin.ui.components import Component

from core.models import Role, User

# How many items a panel lists; its count says how many there are in all.
SHOWN = 6


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: what it is, where to do it, and a short fact about it."""

    label: StrOrPromise
    url: str
    detail: StrOrPromise = ""


@dataclass(frozen=True)
class PanelAction:
    label: StrOrPromise
    url: str


class WorkPanel(Component):
    template_name = "core/admin/work_panel.html"

    def __init__(
        self,
        name: str,
        heading: StrOrPromise,
        items: Sequence[WorkItem],
        *,
        empty: StrOrPromise,
        total: int | None = None,
        actions: Sequence[PanelAction] = (),
        more: PanelAction | None = None,
        order: int = 100,
    ) -> None:
        self.name = name
        self.order = order
        self.heading = heading
        self.items = list(items)[:SHOWN]
        self.total = len(items) if total is None else total
        self.empty = empty
        self.actions = actions
        self.more = more

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"panel": self}


def roles_of(user: User | AnonymousUser) -> set[Role]:
    """The roles the user holds at any institution; a superuser holds them all. Read once per
    request: every app's dashboard hook asks."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role)
    roles: set[Role] | None = user.__dict__.get("_dashboard_roles")
    if roles is None:
        roles = {Role(role) for role in user.memberships.values_list("role", flat=True)}
        user.__dict__["_dashboard_roles"] = roles
    return roles
