"""The coordinator's queue of hours waiting for approval: every submitted week of the
placements they keep, approved several at a time, all or none."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from core.grids import GridForm
from core.models import User
from core.permissions import signed_in
from placements import services
from placements.models import HoursEntry, Placement
from placements.services import PlacementError


@dataclass
class WaitingWeek:
    """A placement's week with submitted hours: the unit a supervisor approves."""

    placement: Placement
    monday: datetime.date
    hours: Decimal
    entries: int

    @property
    def key(self) -> str:
        return f"{self.placement.pk}-{self.monday:%Y%m%d}"

    @property
    def label(self) -> str:
        return _("%(trainee)s · week of %(day)s") % {
            "trainee": self.placement.trainee,
            "day": date_format(self.monday, "DATE_FORMAT"),
        }


def waiting_weeks(placements: QuerySet[Placement]) -> list[WaitingWeek]:
    """The submitted weeks of the placements under way, trainee by trainee, in one query."""
    weeks: dict[tuple[int, datetime.date], WaitingWeek] = {}
    entries = (
        HoursEntry.objects.filter(
            state=HoursEntry.State.SUBMITTED,
            placement__in=placements.filter(status=Placement.Status.IN_PROGRESS),
        )
        .select_related("placement__trainee", "placement__base")
        .order_by("placement__trainee__family_name", "placement__trainee__given_name", "date")
    )
    for entry in entries:
        monday = services.week_of(entry.date)
        week = weeks.setdefault(
            (entry.placement_id, monday), WaitingWeek(entry.placement, monday, Decimal(0), 0)
        )
        week.hours += entry.hours
        week.entries += 1
    return list(weeks.values())


class ApproveWeeksForm(GridForm[WaitingWeek]):
    """A box per waiting week; the ones ticked are approved together."""

    def row_key(self, row: WaitingWeek) -> str:
        return row.key

    def row_fields(self, row: WaitingWeek) -> dict[str, forms.Field]:
        return {"approve": forms.BooleanField(label=row.label, required=False)}

    def chosen(self) -> list[WaitingWeek]:
        return [week for week in self.rows if self.cell(week, "approve")]


def approve_weeks(weeks: list[WaitingWeek], user: User) -> Decimal:
    """Approve every entry of these weeks, or none if one cannot be; the hours approved."""
    by = user.get_full_name() or user.email
    with transaction.atomic():
        for week in weeks:
            services.decide_hours(week.placement, week.monday, by=by, user=user)
    return sum((week.hours for week in weeks), Decimal(0))


class HoursQueueView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Hours to approve")
    header_icon = "time"
    template_name = "placements/admin/hours_queue.html"

    @classmethod
    def admits(cls, user: User | AnonymousUser) -> bool:
        """Those who keep placements: the "change" permission on them."""
        return policy_registry.get_by_type(Placement).user_has_permission(user, "change")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def weeks(self) -> list[WaitingWeek]:
        policy = policy_registry.get_by_type(Placement)
        return waiting_weeks(
            policy.instances_user_has_any_permission_for(self.request.user, ["change"])
        )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not self.admits(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=ApproveWeeksForm(self.weeks())))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ApproveWeeksForm(self.weeks(), request.POST)
        chosen = form.chosen() if form.is_valid() else []
        if not chosen:
            messages.error(request, _("Tick at least one week to approve it."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            hours = approve_weeks(chosen, signed_in(request))
        except PlacementError as error:
            messages.error(request, _("Nothing was approved: %(error)s") % {"error": error})
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s week approved: %(hours)s hours.",
                    "%(count)s weeks approved: %(hours)s hours.",
                    len(chosen),
                )
                % {"count": len(chosen), "hours": number_format(hours.normalize())},
            )
        return redirect(request.path)
