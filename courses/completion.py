"""Attendance, grades, standings and the end of an offering: completion is computed, never
typed.

A trainee completes an offering when they attended at least the course's share of its sessions
and their weighted final score reaches the course's pass mark.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.numbers import parse_number
from courses.certificates import issue_certificate
from courses.ledger import credit_course
from courses.models import Attendance, CourseOffering, Enrolment, Grade, Session
from courses.services import tell


class RecordError(ValueError):
    """Results that cannot be recorded, with what to do; nothing of the batch is saved."""


def check_results_open(offering: CourseOffering) -> None:
    """Results are recorded while an offering runs; a finished one keeps what it certified."""
    if offering.status in (CourseOffering.Status.FINISHED, CourseOffering.Status.CANCELLED):
        raise RecordError(
            _(
                "%(offering)s is %(status)s: its attendance and grades can no longer change. "
                "To correct a result, revoke and re-issue the certificate."
            )
            % {"offering": offering.code, "status": offering.get_status_display().lower()}
        )


def check_enrolled(enrolment_id: int, enrolled: set[int], offering: CourseOffering) -> None:
    """Results are recorded only for trainees who hold a seat in the offering."""
    if enrolment_id not in enrolled:
        raise RecordError(
            _("Trainee #%(id)s is not enrolled in %(offering)s; enrol them first.")
            % {"id": enrolment_id, "offering": offering.code}
        )


def record_attendance(session: Session, marks: dict[int, str], *, by: User | None = None) -> None:
    """Save {enrolment id: attendance status or ""} for one session, all or nothing."""
    offering = session.offering
    check_results_open(offering)
    enrolled = set(offering.enrolments.holding_seats().values_list("pk", flat=True))
    with transaction.atomic():
        for enrolment_id, status in marks.items():
            check_enrolled(enrolment_id, enrolled, offering)
            if not status:
                Attendance.objects.filter(session=session, enrolment_id=enrolment_id).delete()
            elif status not in Attendance.Status.values:
                raise RecordError(_("“%(status)s” is not an attendance mark.") % {"status": status})
            else:
                Attendance.objects.update_or_create(
                    session=session,
                    enrolment_id=enrolment_id,
                    defaults={"status": status, "recorded_by": by},
                )


def parse_score(text: str) -> Decimal | None:
    """A score typed by a person: empty means no grade yet; otherwise 0 to 100."""
    return parse_number(text, Grade._meta.get_field("score"), error=RecordError)


def record_grades(
    offering: CourseOffering,
    scores: dict[tuple[int, str], Decimal | None],
    *,
    by: User | None = None,
) -> None:
    """Save {(enrolment id, component id): score or None} for an offering, all or nothing.

    Only trainees enrolled in the offering get grades, and only in the components of the
    course version it teaches; an empty score removes a grade.
    """
    with transaction.atomic():
        # Locked as moving the offering to another course version locks it (courses.versions).
        offering = (
            CourseOffering.objects.select_for_update(of=("self",))
            .select_related("course", "course_revision")
            .get(pk=offering.pk)
        )
        check_results_open(offering)
        components = {
            component_id for component_id, _n, _w in offering.course_taught.assessment_components()
        }
        enrolled = set(offering.enrolments.holding_seats().values_list("pk", flat=True))
        for (enrolment_id, component_id), score in scores.items():
            check_enrolled(enrolment_id, enrolled, offering)
            if component_id not in components:
                raise RecordError(
                    _("The course no longer has this assessment component; reload the page.")
                )
            if score is None:
                Grade.objects.filter(enrolment_id=enrolment_id, component_id=component_id).delete()
            else:
                Grade.objects.update_or_create(
                    enrolment_id=enrolment_id,
                    component_id=component_id,
                    defaults={"score": score, "recorded_by": by},
                )


def final_score(
    components: list[tuple[str, str, int]], scores: dict[str, Decimal]
) -> Decimal | None:
    """The weighted score out of 100, or None while a component has no grade."""
    if not components or any(component_id not in scores for component_id, _n, _w in components):
        return None
    total = sum(
        (scores[component_id] * weight for component_id, _n, weight in components), Decimal(0)
    )
    return (total / 100).quantize(Decimal("0.01"))


@dataclass
class Standing:
    """Where one trainee stands in an offering, from the recorded attendance and grades."""

    enrolment: Enrolment
    attended: int
    sessions: int
    scores: dict[str, Decimal]
    final_score: Decimal | None
    attendance_required: int
    pass_mark: Decimal

    @property
    def attendance_share(self) -> int:
        return self.attended * 100 // self.sessions if self.sessions else 100

    @property
    def attends_enough(self) -> bool:
        return self.attendance_share >= self.attendance_required

    @property
    def passes(self) -> bool:
        return self.final_score is not None and self.final_score >= self.pass_mark

    @property
    def completes(self) -> bool:
        return self.attends_enough and self.passes

    @property
    def outcome(self) -> str:
        """The status the enrolment takes when the offering finishes."""
        if self.completes:
            return Enrolment.Status.COMPLETED
        if self.sessions and not self.attended:
            return Enrolment.Status.NO_SHOW
        return Enrolment.Status.FAILED


def standings(offering: CourseOffering) -> list[Standing]:
    """Every seated trainee's standing, in three queries whatever the size of the class (and
    one for the course version, unless the offering was read with it, as
    `CourseOfferingQuerySet.for_user` reads it)."""
    sessions = Session.objects.filter(offering=offering).count()
    enrolments = list(
        offering.enrolments.holding_seats()
        .select_related("trainee")
        .annotate(
            attended=Count(
                "attendance", filter=Q(attendance__status__in=Attendance.ATTENDED), distinct=True
            )
        )
        .order_by("trainee__family_name", "trainee__given_name", "pk")
    )
    scores: defaultdict[int, dict[str, Decimal]] = defaultdict(dict)
    for grade in Grade.objects.filter(enrolment__in=enrolments):
        scores[grade.enrolment_id][grade.component_id] = grade.score
    return [
        _standing(offering, enrolment, enrolment.attended, sessions, scores[enrolment.pk])
        for enrolment in enrolments
    ]


def standing_of(enrolment: Enrolment, sessions: int, attended: int) -> Standing:
    """One trainee's standing from the sessions and attendance their offering page has read
    already: one query, for their grades."""
    scores = {grade.component_id: grade.score for grade in enrolment.grades.all()}
    return _standing(enrolment.offering, enrolment, attended, sessions, scores)


def _standing(
    offering: CourseOffering,
    enrolment: Enrolment,
    attended: int,
    sessions: int,
    scores: dict[str, Decimal],
) -> Standing:
    course = offering.course_taught
    return Standing(
        enrolment=enrolment,
        attended=attended,
        sessions=sessions,
        scores=scores,
        final_score=final_score(course.assessment_components(), scores),
        attendance_required=course.attendance_threshold,
        pass_mark=course.pass_mark,
    )


def finish_offering(
    offering: CourseOffering, *, now: datetime.datetime | None = None
) -> CourseOffering:
    """Close a run: each enrolled trainee completes, fails or did not attend, as computed;
    completers get their hours credited and a certificate; those still waiting are withdrawn.
    Everyone is told by e-mail."""

    now = now or timezone.now()
    with transaction.atomic():
        offering = CourseOffering.objects.select_for_update().get(pk=offering.pk)
        if offering.status not in (CourseOffering.Status.RUNNING, CourseOffering.Status.CLOSED):
            raise RecordError(
                _("Only a running offering can be finished; %(offering)s is %(status)s.")
                % {"offering": offering.code, "status": offering.get_status_display().lower()}
            )
        for standing in standings(offering):
            enrolment = standing.enrolment
            if enrolment.status != Enrolment.Status.ENROLLED:
                continue
            enrolment.status, enrolment.ended_at = standing.outcome, now
            enrolment.final_score = standing.final_score
            enrolment.save(update_fields=["status", "ended_at", "final_score"])
            if standing.completes:
                credit_course(enrolment)
                issue_certificate(enrolment)
            tell(enrolment)
        waiting = offering.enrolments.filter(
            status__in=[Enrolment.Status.APPLIED, Enrolment.Status.WAITLISTED]
        ).select_related("trainee")
        for enrolment in waiting:
            enrolment.status, enrolment.ended_at = Enrolment.Status.WITHDRAWN, now
            enrolment.save(update_fields=["status", "ended_at"])
            tell(enrolment)
        offering.status = CourseOffering.Status.FINISHED
        offering.save(update_fields=["status"])
    return offering
