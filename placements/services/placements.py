"""Proposing a placement (a valid agreement and a free place at the base), moving it along its
states, and its learning agreement's signatures."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import Term
from faculty.models import EmploymentTerm
from placements.models import (
    BaseAgreement,
    BaseCapacity,
    Placement,
    PracticeBase,
)
from placements.services.common import PlacementError, State, Status, short_date
from placements.services.records import approved_hours


def places_left(
    base: PracticeBase, term: Term, level: str, *, exclude: Placement | None = None
) -> int:
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


def check_placement(placement: Placement) -> None:
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
            % {
                "base": base,
                "start": short_date(placement.starts_on),
                "end": short_date(placement.ends_on),
            }
        )
    left = places_left(base, placement.term, programme.level, exclude=placement)
    if left < 1:
        raise PlacementError(
            _("%(base)s has no place left for %(level)s trainees in %(term)s.")
            % {"base": base, "level": programme.get_level_display(), "term": placement.term}
        )
    _check_mentors(placement)


def _check_mentors(placement: Placement) -> None:
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


def save_placement(placement: Placement, status: str | None = None) -> Placement:
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


def confirm(placement: Placement) -> Placement:
    if placement.status != Status.PROPOSED:
        raise PlacementError(_("Only a proposed placement can be confirmed."))
    if placement.academic_supervisor is None or placement.agency_supervisor is None:
        raise PlacementError(
            _("Name both the academic and the agency supervisor before confirming.")
        )
    return save_placement(placement, Status.CONFIRMED)


def start(placement: Placement) -> Placement:
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


def complete(placement: Placement) -> Placement:
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


def terminate(placement: Placement, reason: str) -> Placement:
    if placement.status in Placement.FINAL:
        raise PlacementError(_("The placement is already closed."))
    if not reason.strip():
        raise PlacementError(_("Say why the placement ends early."))
    placement.status_note = reason.strip()[:255]
    return _close(placement, Status.TERMINATED)


def _close(placement: Placement, status: str) -> Placement:
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


def sign_agreement(
    placement: Placement, who: str, *, now: datetime.datetime | None = None
) -> Placement:
    if placement.status in Placement.FINAL:
        raise PlacementError(_("The placement is already closed."))
    if not placement.objectives.exists():
        raise PlacementError(_("The learning agreement has no objectives to sign yet."))
    field = SIGNATURES[who]
    if getattr(placement, field) is None:
        setattr(placement, field, now or timezone.now())
        placement.save(update_fields=[field])
    return placement


def clear_signatures(placement: Placement) -> None:
    """Objectives changed: everyone signs the new agreement again."""
    Placement.objects.filter(pk=placement.pk).update(**dict.fromkeys(SIGNATURES.values()))
