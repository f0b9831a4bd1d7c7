"""Enrolment in an offering, with its seats, waiting list and e-mails."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.services import preferred_language
from core.tasks import send_account_email
from courses.models import CourseOffering, Enrolment, Trainee


class EnrolmentError(Exception):
    """An enrolment that the rules refuse, with a message the person can act on."""


def enrol(
    trainee: Trainee,
    offering: CourseOffering,
    *,
    now: datetime.datetime | None = None,
    by_staff: bool = False,
) -> Enrolment:
    """Give the trainee a seat, or a place on the waiting list, in one transaction.

    The offering's row is locked while its seats are counted, so however many people enrol at
    once, the offering never has more trainees enrolled than seats. Staff enrolling someone
    pass over the enrolment window and eligibility, never over the seats.
    """
    now = now or timezone.now()
    with transaction.atomic():
        offering = CourseOffering.objects.select_for_update().get(pk=offering.pk)
        if by_staff:
            check_takes_staff_enrolments(offering)
        else:
            _check_can_enrol(trainee, offering, now)
        enrolment = Enrolment.objects.filter(offering=offering, trainee=trainee).first()
        if enrolment is not None and enrolment.status in Enrolment.ACTIVE:
            raise EnrolmentError(
                _("You already have a place in %(offering)s (%(status)s).")
                % {"offering": offering.code, "status": enrolment.get_status_display()}
            )
        enrolled = offering.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        if enrolled < offering.capacity:
            status = Enrolment.Status.ENROLLED
        elif offering.waitlist:
            status = Enrolment.Status.WAITLISTED
        else:
            raise EnrolmentError(
                _("%(offering)s is full (%(capacity)s seats) and keeps no waiting list.")
                % {"offering": offering.code, "capacity": offering.capacity}
            )
        enrolment = enrolment or Enrolment(offering=offering, trainee=trainee)
        enrolment.status, enrolment.ended_at = status, None
        enrolment.enrolled_at = now if status == Enrolment.Status.ENROLLED else None
        enrolment.waitlisted_at = now if status == Enrolment.Status.WAITLISTED else None
        enrolment.save()
        tell(enrolment)
    return enrolment


def check_takes_staff_enrolments(offering: CourseOffering) -> None:
    if offering.status in (CourseOffering.Status.CANCELLED, CourseOffering.Status.FINISHED):
        raise EnrolmentError(
            _("%(offering)s is %(status)s: no one can be enrolled in it any more.")
            % {"offering": offering.code, "status": offering.get_status_display().lower()}
        )


def _check_can_enrol(trainee: Trainee, offering: CourseOffering, now: datetime.datetime) -> None:
    if offering.status != CourseOffering.Status.OPEN:
        raise EnrolmentError(
            _("%(offering)s is not open for enrolment: it is %(status)s.")
            % {"offering": offering.code, "status": offering.get_status_display().lower()}
        )
    if not offering.enrolment_opens_at <= now < offering.enrolment_closes_at:
        raise EnrolmentError(
            _("Enrolment in %(offering)s is open from %(opens)s to %(closes)s.")
            % {
                "offering": offering.code,
                "opens": formats.date_format(offering.enrolment_opens_at, "DATE_FORMAT"),
                "closes": formats.date_format(offering.enrolment_closes_at, "DATE_FORMAT"),
            }
        )
    levels = list(offering.eligible_levels.all())
    if levels and trainee.professional_level not in levels:
        raise EnrolmentError(
            _("%(offering)s is for %(levels)s. Update your professional level if it changed.")
            % {"offering": offering.code, "levels": ", ".join(str(level) for level in levels)}
        )
    kinds = list(offering.eligible_employer_kinds.all())
    if kinds and trainee.employer_kind not in kinds:
        raise EnrolmentError(
            _("%(offering)s is for people working at: %(kinds)s. Check your profile's employer.")
            % {"offering": offering.code, "kinds": ", ".join(str(kind) for kind in kinds)}
        )
    regions = list(offering.eligible_regions.all())
    if regions and not any(
        trainee.region is not None and region in trainee.region.lineage() for region in regions
    ):
        raise EnrolmentError(
            _("%(offering)s is for people working in %(regions)s.")
            % {"offering": offering.code, "regions": ", ".join(str(r) for r in regions)}
        )


def withdraw(enrolment: Enrolment, *, now: datetime.datetime | None = None) -> Enrolment:
    """End a trainee's place; a freed seat goes to the first on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        offering = CourseOffering.objects.select_for_update().get(pk=enrolment.offering_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status not in Enrolment.ACTIVE:
            raise EnrolmentError(
                _("This place in %(offering)s has already ended (%(status)s).")
                % {"offering": offering.code, "status": enrolment.get_status_display().lower()}
            )
        freed = enrolment.status == Enrolment.Status.ENROLLED
        enrolment.status, enrolment.ended_at = Enrolment.Status.WITHDRAWN, now
        enrolment.save()
        tell(enrolment)
        if freed:
            first = (
                offering.enrolments.filter(status=Enrolment.Status.WAITLISTED)
                .order_by("waitlisted_at", "pk")
                .first()
            )
            if first is not None:
                first.status, first.enrolled_at = Enrolment.Status.ENROLLED, now
                first.save()
                tell(first)
    return enrolment


def tell(enrolment: Enrolment) -> None:
    """E-mail the trainee about their place and what comes next (the first session, the
    offering's page), after the commit, by a task that carries ids."""
    offering = enrolment.offering
    # Only a seat has a first session to tell of; other places skip the query.
    seated = enrolment.status == Enrolment.Status.ENROLLED
    first = offering.sessions.order_by("starts_at").first() if seated else None
    language = preferred_language(enrolment.trainee.user_id, translation.get_language())
    with translation.override(language):
        context = {
            "offering": f"{offering.code} · {offering.course.title}",
            "starts_on": formats.date_format(offering.starts_on, "DATE_FORMAT"),
            "first_session": (
                formats.date_format(timezone.localtime(first.starts_at), "DATETIME_FORMAT")
                + (f" · {first.venue_read or first.online_link}")
                if first
                else ""
            ),
            "url": settings.WAGTAILADMIN_BASE_URL + reverse("courses:offering", args=[offering.pk]),
            "status": enrolment.status,
            "status_label": str(enrolment.get_status_display()),
        }
    transaction.on_commit(
        lambda: send_account_email.enqueue(
            enrolment.trainee.user_id, "courses/email/enrolment", context, language
        )
    )
