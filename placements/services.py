"""Operations on placements, each in one transaction with a message a person can act on when
the rules refuse: proposing a placement (a valid agreement and a free place at the base),
moving it along its states, the learning agreement, hours and their approval, evaluations."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faculty.models import EmploymentTerm
from placements.models import (
    BaseAgreement,
    BaseCapacity,
    EvaluationRating,
    HoursEntry,
    Placement,
    PlacementEvaluation,
    PracticeBase,
)

MAX_HOURS_A_DAY = Decimal(16)
Status = Placement.Status
State = HoursEntry.State


class PlacementError(Exception):
    """Something the placement rules refuse; the message says what to do."""


def _day(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# Placements --------------------------------------------------------------------------------


def places_left(base, term, level, *, exclude=None):
    """The base's free places for the term and level (its row should be locked by the caller
    when a placement is about to take one)."""
    capacity = (
        BaseCapacity.objects.filter(base=base, term=term, level=level)
        .values_list("places", flat=True)
        .first()
    )
    taken = base.placements.taking_places().filter(term=term, programme__level=level)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    return (capacity or 0) - taken.count()


def check_placement(placement):
    """Raise PlacementError if the placement may not be at its base for its period."""
    base, programme = placement.base, placement.programme
    if base.institution_id != placement.institution_id:
        raise PlacementError(_("%(base)s is not one of your institution's bases.") % {"base": base})
    if programme.institution_id != placement.institution_id:
        raise PlacementError(_("The programme belongs to another institution."))
    if placement.ends_on < placement.starts_on:
        raise PlacementError(_("A placement cannot end before it starts."))
    if not BaseAgreement.objects.filter(base=base).covering(placement.starts_on, placement.ends_on):
        raise PlacementError(
            _(
                "%(base)s has no signed agreement in force from %(start)s to %(end)s. Record "
                "the agreement (or its renewal) first."
            )
            % {"base": base, "start": _day(placement.starts_on), "end": _day(placement.ends_on)}
        )
    left = places_left(base, placement.term, programme.level, exclude=placement)
    if left < 1:
        raise PlacementError(
            _("%(base)s has no place left for %(level)s trainees in %(term)s.")
            % {"base": base, "level": programme.get_level_display(), "term": placement.term}
        )
    _check_mentors(placement)


def _check_mentors(placement):
    academic, agency = placement.academic_supervisor, placement.agency_supervisor
    if academic is not None and academic == agency:
        raise PlacementError(
            _("The academic and the agency supervisor must be two different people.")
        )
    faculty = set(
        EmploymentTerm.objects.filter(institution=placement.institution_id).values_list(
            "member_id", flat=True
        )
    )
    for member in (academic, agency):
        if member is not None and member.pk not in faculty:
            raise PlacementError(
                _("%(member)s is not in your institution's faculty; add them there first.")
                % {"member": member}
            )


def save_placement(placement, status=None):
    """Create or change a placement (moving it to `status`) under the rules; the base's row
    is locked while its free places are counted, so two coordinators cannot take its last
    place at once."""
    with transaction.atomic():
        PracticeBase.objects.select_for_update().get(pk=placement.base_id)
        if placement.status in Placement.FINAL:
            raise PlacementError(_("A completed or terminated placement can no longer change."))
        check_placement(placement)
        placement.status = status or placement.status
        placement.save()
    return placement


def confirm(placement):
    if placement.status != Status.PROPOSED:
        raise PlacementError(_("Only a proposed placement can be confirmed."))
    if placement.academic_supervisor is None or placement.agency_supervisor is None:
        raise PlacementError(
            _("Name both the academic and the agency supervisor before confirming.")
        )
    return save_placement(placement, Status.CONFIRMED)


def start(placement):
    if placement.status != Status.CONFIRMED:
        raise PlacementError(_("Only a confirmed placement can start."))
    if not placement.objectives.exists():
        raise PlacementError(_("Write the learning agreement's objectives before it starts."))
    if not placement.agreement_signed:
        missing = [
            label
            for label, signed in (
                (_("the trainee"), placement.trainee_signed_at),
                (_("the academic supervisor"), placement.academic_signed_at),
                (_("the agency supervisor"), placement.agency_signed_at),
            )
            if not signed
        ]
        raise PlacementError(
            _("The learning agreement still needs the signature of %(who)s.")
            % {"who": ", ".join(map(str, missing))}
        )
    placement.status = Status.IN_PROGRESS
    placement.save(update_fields=["status"])
    return placement


def complete(placement):
    """Close a placement whose hours are all approved and whose final evaluation is signed
    off; its approved hours are locked."""
    if placement.status != Status.IN_PROGRESS:
        raise PlacementError(_("Only a placement in progress can be completed."))
    waiting = placement.hours.filter(state=State.SUBMITTED).count()
    if waiting:
        raise PlacementError(
            ngettext(
                "%(count)s hours entry still waits for approval or return.",
                "%(count)s hours entries still wait for approval or return.",
                waiting,
            )
            % {"count": waiting}
        )
    approved = approved_hours(placement)
    if approved < placement.required_hours:
        raise PlacementError(
            _("%(approved)s of the %(required)s required hours are approved.")
            % {"approved": approved, "required": placement.required_hours}
        )
    if not placement.evaluations.filter(stage="final", signed_off_at__isnull=False).exists():
        raise PlacementError(_("The final evaluation must be signed off first."))
    return _close(placement, Status.COMPLETED)


def terminate(placement, reason):
    if placement.status in Placement.FINAL:
        raise PlacementError(_("The placement is already closed."))
    if not reason.strip():
        raise PlacementError(_("Say why the placement ends early."))
    placement.status_note = reason.strip()[:255]
    return _close(placement, Status.TERMINATED)


def _close(placement, status):
    with transaction.atomic():
        placement.status = status
        placement.save(update_fields=["status", "status_note"])
        placement.hours.filter(state=State.APPROVED).update(state=State.LOCKED)
    return placement


# The learning agreement --------------------------------------------------------------------

SIGNATURES = {
    "trainee": "trainee_signed_at",
    "academic": "academic_signed_at",
    "agency": "agency_signed_at",
}


def sign_agreement(placement, who, *, now=None):
    if placement.status in Placement.FINAL:
        raise PlacementError(_("The placement is already closed."))
    if not placement.objectives.exists():
        raise PlacementError(_("The learning agreement has no objectives to sign yet."))
    field = SIGNATURES[who]
    if getattr(placement, field) is None:
        setattr(placement, field, now or timezone.now())
        placement.save(update_fields=[field])
    return placement


def clear_signatures(placement):
    """Objectives changed: everyone signs the new agreement again."""
    Placement.objects.filter(pk=placement.pk).update(**dict.fromkeys(SIGNATURES.values()))


# Hours -------------------------------------------------------------------------------------


def approved_hours(placement):
    return placement.hours.counted().aggregate(total=Sum("hours"))["total"] or Decimal(0)


def duration(starts_at, ends_at):
    start = datetime.datetime.combine(datetime.date.min, starts_at)
    end = datetime.datetime.combine(datetime.date.min, ends_at)
    return Decimal((end - start).total_seconds()) / 3600


def check_entry(entry, *, now=None):
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
            % {"start": _day(placement.starts_on), "end": _day(placement.ends_on)}
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


def log_hours(entry, competencies=(), *, now=None):
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


def submit_hours(placement, *, now=None):
    """Send every draft and returned entry to the agency supervisor."""
    _check_in_progress(placement)
    return placement.hours.filter(state__in=HoursEntry.EDITABLE).update(
        state=State.SUBMITTED, submitted_at=now or timezone.now(), return_reason=""
    )


def _check_in_progress(placement):
    if placement.status != Status.IN_PROGRESS:
        raise PlacementError(
            _("Hours are submitted and approved while the placement is in progress.")
        )


def week_of(day):
    return day - datetime.timedelta(days=day.weekday())


def week_entries(placement, monday):
    return placement.hours.filter(
        date__gte=monday, date__lt=monday + datetime.timedelta(days=7)
    ).order_by("date", "starts_at")


def decide_hours(placement, monday, *, by, returned=None, user=None, now=None):
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
                    _("Say why the entry of %(day)s is returned.") % {"day": _day(entry.date)}
                )
            entry.return_reason = reason[:500]
            entry.decided_at, entry.decided_by = now, by[:200]
            entry.save(update_fields=["state", "return_reason", "decided_at", "decided_by"])
    return entries


# Supervision -------------------------------------------------------------------------------


def record_supervision(placements, *, supervisor, date, minutes, kind, topics, today=None):
    """A supervision session, individual (one placement) or group (several)."""
    from placements.models import SupervisionSession

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


def evaluation_for(placement, stage):
    return PlacementEvaluation.objects.get_or_create(placement=placement, stage=stage)[0]


def competencies_of(placement):
    """The competencies an evaluation rates: those of the learning agreement's objectives,
    or the whole framework of the programme if the objectives name none."""
    from curriculum.models import Competency

    named = Competency.objects.filter(learningobjective__placement=placement).distinct()
    if named.exists():
        return list(named.order_by("sort_order", "code"))
    return list(
        Competency.objects.filter(framework=placement.programme.framework_id).order_by(
            "sort_order", "code"
        )
    )


def submit_evaluation(placement, stage, levels, comments, *, by, now=None):
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


def self_evaluate(placement, stage, text, *, now=None):
    evaluation = evaluation_for(placement, stage)
    if evaluation.signed_off_at is not None:
        raise PlacementError(_("This evaluation is signed off and can no longer change."))
    evaluation.self_evaluation = text[:3000]
    evaluation.self_submitted_at = now or timezone.now()
    evaluation.save(update_fields=["self_evaluation", "self_submitted_at"])
    return evaluation


def sign_off(evaluation, user, *, now=None):
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


def competency_record(trainee):
    """The trainee's latest signed-off rating of each competency, in one query."""
    ratings = (
        EvaluationRating.objects.filter(
            evaluation__placement__trainee=trainee, evaluation__signed_off_at__isnull=False
        )
        .select_related("competency", "level", "evaluation__placement__base")
        .order_by("competency__sort_order", "competency__code", "-evaluation__signed_off_at")
    )
    latest = {}
    for rating in ratings:
        latest.setdefault(rating.competency_id, rating)
    return list(latest.values())


# Applications ------------------------------------------------------------------------------


def apply(trainee, programme, preferences, conflict=None, reason=""):
    """Record (or replace) the trainee's application for the term the programme takes
    applications for; preferences are ("base" or "field", pk) pairs, first choice first."""
    from placements.models import ConflictOfInterest, PlacementApplication, PlacementPreference

    term = programme.application_term
    if not term:
        raise PlacementError(
            _("%(programme)s is not taking applications.") % {"programme": programme}
        )
    if (
        Placement.objects.taking_places()
        .filter(trainee=trainee, programme=programme, term=term)
        .exists()
    ):
        raise PlacementError(
            _("You already have a placement in this programme for %(term)s.") % {"term": term}
        )
    if not preferences:
        raise PlacementError(_("Choose at least one base or field."))
    with transaction.atomic():
        application, _created = PlacementApplication.objects.get_or_create(
            programme=programme, term=term, trainee=trainee
        )
        application.preferences.all().delete()
        application.conflicts.all().delete()
        PlacementPreference.objects.bulk_create(
            PlacementPreference(application=application, rank=rank, **{f"{kind}_id": int(pk)})
            for rank, (kind, pk) in enumerate(preferences, start=1)
        )
        if conflict is not None:
            ConflictOfInterest.objects.create(
                application=application, base=conflict, reason=reason.strip()[:255]
            )
    return application


# Agreements --------------------------------------------------------------------------------


def _language_of(user_id):
    """The language the person chose for the editor, or the site's."""
    from wagtail.users.models import UserProfile

    chosen = (
        UserProfile.objects.filter(user_id=user_id)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return chosen or settings.LANGUAGE_CODE


def alert_renewals(today=None):
    """E-mail each institution's administrators and coordinators, once, about its agreements
    that end within the notice period and have no successor; returns how many were due."""
    from core.models import Membership
    from core.tasks import send_account_email
    from placements.models import MANAGING_ROLES

    today = today or timezone.localdate()
    due = list(
        BaseAgreement.objects.due_for_renewal(today)
        .filter(renewal_alerted_on__isnull=True)
        .select_related("base")
    )
    for agreement in due:
        context = {"base": agreement.base.name, "ends_on": agreement.ends_on.isoformat()}
        people = Membership.objects.filter(
            institution=agreement.base.institution_id, role__in=MANAGING_ROLES
        ).values_list("user_id", flat=True)
        for user_id in set(people):
            language = _language_of(user_id)
            transaction.on_commit(
                lambda user_id=user_id, language=language, context=context: (
                    send_account_email.enqueue(
                        user_id, "placements/email/renewal", context, language
                    )
                )
            )
        agreement.renewal_alerted_on = today
        agreement.save(update_fields=["renewal_alerted_on"])
    return len(due)
