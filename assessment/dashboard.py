"""An evaluator's dashboard: the open rounds and what each still needs entered; an institution
administrator's: the institution's latest quality report."""

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.models import EvaluationRound, RoundSnapshot
from assessment.rounds import missing_manual
from core.dashboard import PanelAction, WorkItem, WorkPanel
from core.models import Institution, Role, User


def evaluator_panels(user: User) -> list[WorkPanel]:
    rounds = list(
        EvaluationRound.objects.run_by(user)
        .filter(status=EvaluationRound.Status.OPEN)
        .order_by("ends_on")
    )
    items = []
    for evaluation in rounds:
        missing = len(missing_manual(evaluation))
        items.append(
            WorkItem(
                str(evaluation),
                reverse("evaluation_round:inspect", args=[evaluation.pk]),
                ngettext(
                    "%(count)s value still to enter",
                    "%(count)s values still to enter",
                    missing,
                )
                % {"count": missing}
                if missing
                else _("Every value entered: ready to compute"),
            )
        )
    return [
        WorkPanel(
            "open-rounds",
            _("Open evaluation rounds"),
            items,
            empty=_(
                "No round is open. Start a round to evaluate the institutions of your region "
                "against an indicator framework."
            ),
            actions=[PanelAction(_("New round"), reverse("evaluation_round:add"))],
            order=70,
        )
    ]


def report_panels(user: User) -> list[WorkPanel]:
    """The latest finalised quality report of each institution the user administers."""
    institutions = Institution.objects.with_role(user, [Role.INSTITUTION_ADMIN])
    latest: dict[int, RoundSnapshot] = {}
    for snapshot in (
        RoundSnapshot.objects.current()
        .visible_to(user)
        .filter(institution__in=institutions)
        .select_related("round", "institution")
        .order_by("institution__name", "-round__ends_on")
    ):
        latest.setdefault(snapshot.institution_id, snapshot)
    reports = reverse("assessment:reports")
    return [
        WorkPanel(
            "quality-reports",
            _("Latest quality report"),
            [
                WorkItem(
                    f"{snapshot.institution} · {snapshot.round}",
                    reverse("assessment:report", args=[snapshot.pk, "pdf"]),
                    _("%(total)s points · %(rating)s")
                    % {"total": floatformat(snapshot.total, "-2"), "rating": snapshot.rating}
                    if snapshot.total is not None
                    else _("Not rated: too little data (%(coverage)s %% of the framework)")
                    % {"coverage": floatformat(snapshot.coverage, "-2")}
                    if snapshot.too_little_data
                    else _("no data"),
                )
                for snapshot in latest.values()
            ],
            empty=_(
                "No quality report yet. When an authority finalises an evaluation round of "
                "your institution, its report appears here."
            ),
            more=PanelAction(_("All quality reports"), reports),
            order=75,
        )
    ]
