"""The placement coordinator's dashboard: hours waiting for approval, placements missing a
signature, agreements to renew, applications waiting for an allocation and supervision at
risk; and an academic supervisor's learning agreements and evaluations to sign."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.permissions import policy_registry

from core.dashboard import PanelAction, WorkItem, WorkPanel
from core.models import Term, User
from placements import reports
from placements.hours_queue import waiting_weeks
from placements.models import (
    BaseAgreement,
    Placement,
    PlacementApplication,
    PlacementEvaluation,
)

UNDER_WAY = (Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS)


def _inspect(placement: Placement) -> str:
    return reverse("placement_admin:inspect", args=[placement.pk])


def _missing_signatures(placement: Placement) -> str:
    missing = [
        name
        for name, signed in (
            (_("trainee"), placement.trainee_signed_at),
            (_("academic supervisor"), placement.academic_signed_at),
            (_("agency supervisor"), placement.agency_signed_at),
        )
        if signed is None
    ]
    return _("Not signed by: %(people)s") % {"people": ", ".join(str(m) for m in missing)}


def coordinator_panels(user: User, today: datetime.date) -> list[WorkPanel]:
    kept: QuerySet[Placement] = policy_registry.get_by_type(
        Placement
    ).instances_user_has_any_permission_for(user, ["change"])
    queue = reverse("hours-queue:index")
    weeks = waiting_weeks(kept)
    unsigned = list(
        kept.filter(status__in=UNDER_WAY)
        .filter(Q(trainee_signed_at=None) | Q(academic_signed_at=None) | Q(agency_signed_at=None))
        .select_related("trainee", "base")
        .order_by("starts_on")
    )
    renewals = list(
        BaseAgreement.objects.for_user(user)
        .due_for_renewal(today)
        .select_related("base")
        .order_by("ends_on")
    )
    waiting = _waiting_applications(user)
    at_risk = [
        row
        for row in reports.progress(
            kept.filter(status=Placement.Status.IN_PROGRESS).order_by("starts_on"), today
        )
        if not row.compliant
    ]
    return [
        WorkPanel(
            "hours-waiting",
            _("Hours waiting for approval"),
            [
                WorkItem(
                    week.label,
                    queue,
                    _("%(hours)s h · %(base)s")
                    % {
                        "hours": number_format(week.hours.normalize()),
                        "base": week.placement.base,
                    },
                )
                for week in weeks
            ],
            empty=_("No submitted hours wait for approval."),
            actions=[PanelAction(_("Approve hours"), queue)] if weeks else [],
            more=PanelAction(_("All the weeks waiting"), queue),
            order=60,
        ),
        WorkPanel(
            "placements-unsigned",
            _("Learning agreements not yet signed"),
            [
                WorkItem(f"{p.trainee} · {p.base}", _inspect(p), _missing_signatures(p))
                for p in unsigned
            ],
            empty=_("Every placement under way has its learning agreement signed by all three."),
            more=PanelAction(_("All placements"), reverse("placement_admin:index")),
            order=61,
        ),
        WorkPanel(
            "applications-waiting",
            _("Applications waiting for an allocation"),
            waiting,
            empty=_(
                "No application waits. When a programme takes applications, trainees' "
                "applications appear here until an allocation places them."
            ),
            order=62,
        ),
        WorkPanel(
            "supervision-at-risk",
            _("Supervision behind its rule"),
            [
                WorkItem(
                    f"{row.placement.trainee} · {row.placement.base}",
                    _inspect(row.placement),
                    _("%(done)s of %(required)s supervision minutes")
                    % {
                        "done": row.supervision_minutes,
                        "required": row.required_minutes,
                    },
                )
                for row in at_risk
            ],
            empty=_("Every placement in progress meets its programme's supervision rule."),
            order=63,
        ),
        WorkPanel(
            "agreement_renewals",
            _("Agreements to renew"),
            [
                WorkItem(
                    str(agreement.base),
                    reverse("base-agreements:edit", args=[agreement.pk]),
                    _("ends on %(day)s") % {"day": date_format(agreement.ends_on, "DATE_FORMAT")},
                )
                for agreement in renewals
            ],
            empty=_(
                "No agreement ends in the next months without a later one. Placements need an "
                "agreement in force for their whole period."
            ),
            order=64,
        ),
    ]


def _waiting_applications(user: User) -> list[WorkItem]:
    """Per programme taking applications, those whose trainee has no placement yet."""
    placed = Placement.objects.taking_places().filter(
        trainee=OuterRef("trainee"), programme=OuterRef("programme"), term=OuterRef("term")
    )
    rows = (
        PlacementApplication.objects.for_user(user)
        .filter(term=F("programme__application_term"))
        .exclude(Exists(placed))
        .values("programme__name", "term")
        .annotate(count=Count("pk"))
        .order_by("programme__name")
    )
    terms = Term.objects.in_bulk({row["term"] for row in rows})
    allocations = reverse("allocations:index")
    return [
        WorkItem(
            row["programme__name"],
            allocations,
            ngettext(
                "%(count)s application for %(term)s",
                "%(count)s applications for %(term)s",
                row["count"],
            )
            % {"count": row["count"], "term": terms[row["term"]]},
        )
        for row in rows
    ]


def supervisor_panels(user: User) -> list[WorkPanel]:
    """An academic supervisor's signatures: learning agreements and evaluations."""
    agreements = list(
        Placement.objects.filter(
            academic_supervisor__user=user, status__in=UNDER_WAY, academic_signed_at=None
        ).select_related("trainee", "base")
    )
    evaluations = list(
        PlacementEvaluation.objects.filter(
            placement__academic_supervisor__user=user,
            submitted_at__isnull=False,
            signed_off_at=None,
        ).select_related("placement__trainee")
    )
    items = [
        WorkItem(f"{p.trainee} · {p.base}", _inspect(p), _("Sign the learning agreement"))
        for p in agreements
    ] + [
        WorkItem(
            str(evaluation.placement.trainee),
            _inspect(evaluation.placement),
            _("Sign off the evaluation: %(stage)s") % {"stage": evaluation.get_stage_display()},
        )
        for evaluation in evaluations
    ]
    return [
        WorkPanel(
            "to-sign",
            _("Agreements and evaluations to sign"),
            items,
            empty=_(
                "Nothing waits for your signature. Learning agreements and evaluations of the "
                "placements you supervise appear here."
            ),
            order=82,
        )
    ]
