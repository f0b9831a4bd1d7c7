"""A placement's records: hours and their approval week by week, supervision sessions, and
evaluations signed off into the trainee's competency record."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from courses.models import Trainee
from curriculum.models import Competency
from faculty.models import FacultyMember
from placements.models import (
    EvaluationRating,
    HoursEntry,
    Placement,
    PlacementEvaluation,
    SupervisionSession,
)
from placements.services.common import PlacementError, State, Status, short_date

MAX_HOURS_A_DAY = Decimal(16)


def approved_hours(placement: Placement) -> Decimal:
    return placement.hours.counted().aggregate(total=Sum("hours"))["total"] or Decimal(0)


def duration(starts_at: datetime.time, ends_at: datetime.time) -> Decimal:
    start = datetime.datetime.combine(datetime.date.min, starts_at)
    end = datetime.datetime.combine(datetime.date.min, ends_at)
    return Decimal((end - start).total_seconds()) / 3600


def check_entry(entry: HoursEntry, *, now: datetime.datetime | None = None) -> None:
    """Raise PlacementError if the entry may not be logged as it is."""
    placement = entry.placement
    today = timezone.localdate(now) if now else timezone.localdate()
    if placement.status != Status.IN_PROGRESS:
        raise PlacementError(_("Hours are logged while the placement is in progress."))
    if entry.date > today:
        raise PlacementError(_("Hours cannot be logged for a day that has not come yet."))
    if entry.date == today and entry.ends_at > (now or timezone.localtime()).time():
        raise PlacementError(
            _("Hours are logged once they are worked: the end time is still to come.")
        )
    if not placement.starts_on <= entry.date <= placement.ends_on:
        raise PlacementError(
            _("The placement runs from %(start)s to %(end)s; the date is outside it.")
            % {"start": short_date(placement.starts_on), "end": short_date(placement.ends_on)}
        )
    if entry.ends_at <= entry.starts_at:
        raise PlacementError(_("The end time must come after the start time."))
    entry.hours = duration(entry.starts_at, entry.ends_at).quantize(Decimal("0.01"))
    same_day = HoursEntry.objects.filter(
        placement__trainee=placement.trainee_id, date=entry.date
    ).exclude(pk=entry.pk)
    overlapping = same_day.filter(starts_at__lt=entry.ends_at, ends_at__gt=entry.starts_at)
    clash = overlapping.first()
    if clash is not None:
        raise PlacementError(
            _("You already logged %(from)s–%(to)s that day; entries cannot overlap.")
            % {"from": f"{clash.starts_at:%H:%M}", "to": f"{clash.ends_at:%H:%M}"}
        )
    logged = same_day.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if logged + entry.hours > MAX_HOURS_A_DAY:
        raise PlacementError(
            _("That makes %(total)s hours on one day; at most %(max)s are allowed.")
            % {"total": (logged + entry.hours).normalize(), "max": MAX_HOURS_A_DAY}
        )


def log_hours(
    entry: HoursEntry,
    competencies: Iterable[Competency] = (),
    *,
    now: datetime.datetime | None = None,
) -> HoursEntry:
    """Save a new or edited draft (or returned) entry of the trainee's."""
    with transaction.atomic():
        if entry.pk is not None:
            stored = HoursEntry.objects.select_for_update().get(pk=entry.pk)
            if stored.state not in HoursEntry.EDITABLE:
                raise PlacementError(
                    _("This entry is %(state)s and can no longer be changed.")
                    % {"state": stored.get_state_display().lower()}
                )
        check_entry(entry, now=now)
        entry.save()
        entry.competencies.set(competencies)
    return entry


def submit_hours(placement: Placement, *, now: datetime.datetime | None = None) -> int:
    """Send every draft and returned entry to the agency supervisor."""
    _check_in_progress(placement)
    return placement.hours.filter(state__in=HoursEntry.EDITABLE).update(
        state=State.SUBMITTED, submitted_at=now or timezone.now(), return_reason=""
    )


def _check_in_progress(placement: Placement) -> None:
    if placement.status != Status.IN_PROGRESS:
        raise PlacementError(
            _("Hours are submitted and approved while the placement is in progress.")
        )


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_entries(placement: Placement, monday: datetime.date) -> QuerySet[HoursEntry]:
    return placement.hours.filter(
        date__gte=monday, date__lt=monday + datetime.timedelta(days=7)
    ).order_by("date", "starts_at")


def decide_hours(
    placement: Placement,
    monday: datetime.date,
    *,
    by: str,
    returned: dict[int, str] | None = None,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> list[HoursEntry]:
    """Approve the week's submitted entries except those returned (entry pk → reason). The
    trainee can never decide on their own hours; decided entries are never decided again."""
    if user is not None and user.pk == placement.trainee.user_id:
        raise PlacementError(_("You cannot approve your own hours."))
    _check_in_progress(placement)
    returned = returned or {}
    now = now or timezone.now()
    with transaction.atomic():
        entries = list(
            week_entries(placement, monday).filter(state=State.SUBMITTED).select_for_update()
        )
        if not entries:
            raise PlacementError(_("No hours of that week wait for approval."))
        for entry in entries:
            reason = returned.get(entry.pk, "").strip()
            entry.state = State.RETURNED if entry.pk in returned else State.APPROVED
            if entry.state == State.RETURNED and not reason:
                raise PlacementError(
                    _("Say why the entry of %(day)s is returned.") % {"day": short_date(entry.date)}
                )
            entry.return_reason = reason[:500]
            entry.decided_at, entry.decided_by = now, by[:200]
            entry.save(update_fields=["state", "return_reason", "decided_at", "decided_by"])
    return entries


# Supervision -------------------------------------------------------------------------------


def record_supervision(
    placements: list[Placement],
    *,
    supervisor: FacultyMember,
    date: datetime.date,
    minutes: int,
    kind: str,
    topics: str,
    today: datetime.date | None = None,
) -> SupervisionSession:
    """A supervision session, individual (one placement) or group (several)."""

    today = today or timezone.localdate()
    if date > today:
        raise PlacementError(_("A supervision session is recorded once it has taken place."))
    if not 10 <= minutes <= 480:
        raise PlacementError(_("A session lasts from 10 to 480 minutes."))
    if kind not in SupervisionSession.Kind.values:
        raise PlacementError(_("Say whether the session was individual or in a group."))
    if not topics.strip():
        raise PlacementError(_("Note the topics discussed."))
    with transaction.atomic():
        session = SupervisionSession.objects.create(
            supervisor=supervisor, date=date, minutes=minutes, kind=kind, topics=topics.strip()
        )
        session.placements.set(placements)
    return session


# Evaluations -------------------------------------------------------------------------------


def evaluation_for(placement: Placement, stage: str) -> PlacementEvaluation:
    return PlacementEvaluation.objects.get_or_create(placement=placement, stage=stage)[0]


def competencies_of(placement: Placement) -> list[Competency]:
    """The competencies an evaluation rates: those of the learning agreement's objectives,
    or the whole framework of the programme if the objectives name none."""

    named = Competency.objects.filter(learningobjective__placement=placement).distinct()
    if named.exists():
        return list(named.order_by("sort_order", "code"))
    return list(
        Competency.objects.filter(framework=placement.programme.framework_id).order_by(
            "sort_order", "code"
        )
    )


def submit_evaluation(
    placement: Placement,
    stage: str,
    levels: dict[int, int],
    comments: str,
    *,
    by: str,
    now: datetime.datetime | None = None,
) -> PlacementEvaluation:
    """Record the agency supervisor's ratings (competency pk → rubric level pk)."""
    if placement.status not in (Status.IN_PROGRESS, Status.COMPLETED):
        raise PlacementError(_("Evaluations are made while the placement is in progress."))
    competencies = competencies_of(placement)
    valid_levels = {level.pk: level for level in placement.programme.rubric_levels.all()}
    missing = [c for c in competencies if levels.get(c.pk) not in valid_levels]
    if missing:
        raise PlacementError(
            _("Rate every competency: %(missing)s.")
            % {"missing": ", ".join(c.code for c in missing)}
        )
    with transaction.atomic():
        evaluation = evaluation_for(placement, stage)
        if evaluation.signed_off_at is not None:
            raise PlacementError(_("This evaluation is signed off and can no longer change."))
        evaluation.ratings.all().delete()
        EvaluationRating.objects.bulk_create(
            EvaluationRating(evaluation=evaluation, competency=c, level=valid_levels[levels[c.pk]])
            for c in competencies
        )
        evaluation.comments = comments[:3000]
        evaluation.submitted_at, evaluation.submitted_by = now or timezone.now(), by[:200]
        evaluation.save()
    return evaluation


def self_evaluate(
    placement: Placement, stage: str, text: str, *, now: datetime.datetime | None = None
) -> PlacementEvaluation:
    evaluation = evaluation_for(placement, stage)
    if evaluation.signed_off_at is not None:
        raise PlacementError(_("This evaluation is signed off and can no longer change."))
    evaluation.self_evaluation = text[:3000]
    evaluation.self_submitted_at = now or timezone.now()
    evaluation.save(update_fields=["self_evaluation", "self_submitted_at"])
    return evaluation


def sign_off(
    evaluation: PlacementEvaluation, user: User, *, now: datetime.datetime | None = None
) -> PlacementEvaluation:
    """The academic supervisor confirms a submitted evaluation; it then feeds the trainee's
    competency record and never changes."""
    placement = evaluation.placement
    supervisor = placement.academic_supervisor
    if supervisor is None or supervisor.user_id != user.pk:
        raise PlacementError(_("Only the placement's academic supervisor signs evaluations off."))
    if evaluation.submitted_at is None:
        raise PlacementError(_("The agency supervisor has not submitted this evaluation yet."))
    if evaluation.signed_off_at is None:
        evaluation.signed_off_at, evaluation.signed_off_by = now or timezone.now(), user
        evaluation.save(update_fields=["signed_off_at", "signed_off_by"])
    return evaluation


def competency_record(trainee: Trainee) -> list[EvaluationRating]:
    """The trainee's latest signed-off rating of each competency, in one query."""
    ratings = (
        EvaluationRating.objects.filter(
            evaluation__placement__trainee=trainee, evaluation__signed_off_at__isnull=False
        )
        .select_related("competency", "level", "evaluation__placement__base")
        .order_by("competency__sort_order", "competency__code", "-evaluation__signed_off_at")
    )
    latest: dict[int, EvaluationRating] = {}
    for rating in ratings:
        latest.setdefault(rating.competency_id, rating)
    return list(latest.values())
