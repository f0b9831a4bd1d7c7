"""Assigning faculty to offerings under the rules, each refusal with the numbers behind it."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.models import CourseOffering, Session
from faculty.models import EmploymentTerm, FacultyMember, FacultyPool, TeachingAssignment


class AssignmentError(ValueError):
    """An assignment the rules refuse, saying why with the figures."""


def assign(
    member: FacultyMember,
    offering: CourseOffering,
    role: str,
    hours: Decimal | int | str,
    *,
    assignment: TeachingAssignment | None = None,
) -> TeachingAssignment:
    """Assign (or change the assignment of) a member to an offering, in one transaction.

    The member's row is locked while their hours and sessions are checked, so two
    coordinators assigning the same person at once cannot together exceed the contract.
    """
    hours = Decimal(hours)
    with transaction.atomic():
        member = FacultyMember.objects.select_for_update().get(pk=member.pk)
        check_assignment(member, offering, hours, assignment=assignment)
        assignment = assignment or TeachingAssignment(member=member, offering=offering)
        assignment.member, assignment.offering = member, offering
        assignment.role, assignment.hours = role, hours
        assignment.save()
    return assignment


def check_assignment(
    member: FacultyMember,
    offering: CourseOffering,
    hours: Decimal | int | str,
    *,
    assignment: TeachingAssignment | None = None,
) -> None:
    """Raise AssignmentError if the rules refuse this assignment; change nothing."""
    others = TeachingAssignment.objects.filter(member=member)
    if assignment is not None and assignment.pk:
        others = others.exclude(pk=assignment.pk)
    _check_in_a_pool(member, offering)
    _check_contracted_hours(member, offering, Decimal(hours), others)
    _check_no_clash(member, offering, others)


def _check_in_a_pool(member: FacultyMember, offering: CourseOffering) -> None:
    if not FacultyPool.objects.filter(institution=offering.institution, members=member).exists():
        raise AssignmentError(
            _("%(member)s is in none of %(institution)s's faculty pools. Add them to a pool first.")
            % {"member": member, "institution": offering.institution}
        )


def _check_contracted_hours(
    member: FacultyMember,
    offering: CourseOffering,
    hours: Decimal,
    others: QuerySet[TeachingAssignment],
) -> None:
    term = EmploymentTerm.objects.filter(
        member=member, institution=offering.institution, term=offering.term
    ).first()
    if term is None:
        raise AssignmentError(
            _(
                "%(member)s has no contract with %(institution)s for %(term)s. Add the term to "
                "their record first."
            )
            % {"member": member, "institution": offering.institution, "term": offering.term}
        )
    assigned = others.filter(
        offering__institution=offering.institution, offering__term=offering.term
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if assigned + hours > term.contracted_hours:
        raise AssignmentError(
            _(
                "%(member)s is contracted for %(contracted)s hours in %(term)s and already has "
                "%(assigned)s; %(hours)s more would make %(total)s. Lower the hours or raise "
                "the contract."
            )
            % {
                "member": member,
                "contracted": _figure(term.contracted_hours),
                "term": offering.term,
                "assigned": _figure(assigned),
                "hours": _figure(hours),
                "total": _figure(assigned + hours),
            }
        )


def _figure(hours: Decimal) -> str:
    return formats.number_format(Decimal(hours), 1)


def _check_no_clash(
    member: FacultyMember, offering: CourseOffering, others: QuerySet[TeachingAssignment]
) -> None:
    sessions = list(offering.sessions.all())
    if not sessions:
        return
    overlap = Q()
    for session in sessions:
        overlap |= Q(starts_at__lt=session.ends_at, ends_at__gt=session.starts_at)
    clash = (
        Session.objects.filter(offering__in=others.values("offering_id"))
        .exclude(offering=offering)
        .filter(overlap)
        .select_related("offering")
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise AssignmentError(
            _("%(member)s already teaches %(offering)s at %(when)s, when this offering meets.")
            % {
                "member": member,
                "offering": clash.offering.code,
                "when": formats.date_format(
                    timezone.localtime(clash.starts_at), "SHORT_DATETIME_FORMAT"
                ),
            }
        )


def check_can_open(offering: CourseOffering) -> None:
    """An offering opens for enrolment only with a lead instructor assigned."""
    if (
        offering.pk is None
        or not TeachingAssignment.objects.filter(
            offering=offering, role=TeachingAssignment.Role.LEAD
        ).exists()
    ):
        raise AssignmentError(
            _(
                "%(offering)s has no lead instructor. Save it as a draft, assign a lead in "
                "Faculty › Teaching assignments, then open it."
            )
            % {"offering": offering.code}
        )


def term_loads(member: FacultyMember) -> list[EmploymentTerm]:
    """Each of the member's terms with the hours assigned in it, in two queries."""
    assigned = {
        (row["offering__institution"], row["offering__term"]): row["total"]
        for row in TeachingAssignment.objects.filter(member=member)
        .values("offering__institution", "offering__term")
        .annotate(total=Sum("hours"))
    }
    terms = list(member.terms.select_related("institution", "term"))
    for term in terms:
        term.assigned = assigned.get((term.institution_id, term.term_id), Decimal(0))
    return terms
