"""Teaching assignments under the rules: pools, contracted hours, clashing sessions, a lead
before opening, and employment types kept per term."""

from datetime import timedelta

import pytest

from faculty.models import EmploymentTerm, TeachingAssignment
from faculty.services import AssignmentError, assign, check_can_open
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def offering(two_institutions):
    course = factories.course(two_institutions[0])
    offering = factories.offering(course)
    factories.session(offering, 0)
    return offering


def test_hours_beyond_the_contract_are_refused_with_the_figures(offering):
    member = factories.faculty_member(offering.institution, hours=40)
    assign(member, offering, "lead", 30)
    second = factories.offering(offering.course)
    with pytest.raises(AssignmentError, match=r"contracted for 40\.0 hours .* already has 30\.0"):
        assign(member, second, "co-teacher", 12)
    assert assign(member, second, "co-teacher", 10).hours == 10
    first = TeachingAssignment.objects.get(offering=offering)
    assert assign(member, offering, "lead", 30, assignment=first).hours == 30  # itself not counted


def test_a_member_outside_the_institutions_pools_cannot_be_assigned(offering, two_institutions):
    outsider = factories.faculty_member(offering.institution, pool=False)
    with pytest.raises(AssignmentError, match=r"none of .* faculty pools"):
        assign(outsider, offering, "guest", 2)
    of_b = factories.faculty_member(two_institutions[1])
    with pytest.raises(AssignmentError):
        assign(of_b, offering, "guest", 2)
    assert not TeachingAssignment.objects.exists()


def test_no_one_teaches_two_sessions_at_the_same_time(offering):
    member = factories.faculty_member(offering.institution, hours=100)
    assign(member, offering, "lead", 10)
    same_time = factories.offering(offering.course, starts_on=offering.starts_on)
    clash = factories.session(same_time, 0)
    clash.starts_at += timedelta(hours=1)  # overlaps the last hour of the other
    clash.ends_at += timedelta(hours=1)
    clash.save()
    with pytest.raises(AssignmentError, match=offering.code):
        assign(member, same_time, "co-teacher", 10)
    clash.starts_at += timedelta(hours=1)  # now it starts when the other ends
    clash.ends_at += timedelta(hours=1)
    clash.save()
    assert assign(member, same_time, "co-teacher", 10)


def test_an_offering_opens_only_with_a_lead(offering):
    with pytest.raises(AssignmentError, match="no lead instructor"):
        check_can_open(offering)
    member = factories.faculty_member(offering.institution)
    assign(member, offering, "co-teacher", 5)
    with pytest.raises(AssignmentError):
        check_can_open(offering)
    TeachingAssignment.objects.update(role="lead")
    check_can_open(offering)


def test_a_new_term_keeps_the_past_terms_employment_type(offering):
    member = factories.faculty_member(offering.institution, "part-time", term_="Otoño 2026")
    EmploymentTerm.objects.create(
        member=member,
        institution=offering.institution,
        term=factories.term(offering.institution, "Primavera 2027"),
        employment_type="full-time",
        contracted_hours=120,
    )
    types = dict(member.terms.values_list("term__name_es", "employment_type"))
    assert types == {"Otoño 2026": "part-time", "Primavera 2027": "full-time"}
