"""Enrolment: seats are never exceeded, the waiting list moves up, and every refusal says why."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from core.models import Region
from courses.models import CourseOffering, Enrolment
from courses.services import EnrolmentError, enrol, withdraw
from curriculum.models import EmployerKind, ProfessionalLevel
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(two_institutions):
    return factories.course(two_institutions[0], title="Intervención en crisis")


def test_seats_fill_then_the_waiting_list_and_a_freed_seat_goes_to_the_first_waiting(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    offering = factories.offering(course, capacity=2)
    trainees = [factories.trainee() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        places = [enrol(trainee, offering) for trainee in trainees]

    assert [place.status for place in places] == [
        "enrolled",
        "enrolled",
        "waitlisted",
        "waitlisted",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(places[0])

    statuses = dict(Enrolment.objects.values_list("trainee_id", "status"))
    assert statuses[trainees[0].pk] == "withdrawn"
    assert statuses[trainees[2].pk] == "enrolled"  # the first on the waiting list moved up
    assert statuses[trainees[3].pk] == "waitlisted"
    assert len(mailoutbox) == 6  # four places, one withdrawal, one seat given
    assert mailoutbox[-1].to == [trainees[2].user.email]
    assert "Intervención en crisis" in mailoutbox[-1].subject


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": CourseOffering.Status.CANCELLED}, "cancelled"),
        ({"status": CourseOffering.Status.DRAFT}, "draft"),
        ({"enrolment_closes_at": timezone.now() - timedelta(hours=1),
          "enrolment_opens_at": timezone.now() - timedelta(days=9)}, "open from"),
    ],
)  # fmt: skip
def test_an_offering_that_is_not_open_refuses_with_the_reason(course, change, reason):
    offering = factories.offering(course, **change)
    with translation.override("en"), pytest.raises(EnrolmentError) as refused:
        enrol(factories.trainee(), offering)
    assert offering.code in str(refused.value) and reason in str(refused.value)
    assert not Enrolment.objects.exists()


def test_enrolling_twice_is_refused_and_changes_nothing(course):
    offering = factories.offering(course)
    trainee = factories.trainee()
    first = enrol(trainee, offering)
    with pytest.raises(EnrolmentError):
        enrol(trainee, offering)
    assert list(Enrolment.objects.all()) == [first]


def test_a_full_offering_without_a_waiting_list_refuses(course):
    offering = factories.offering(course, capacity=1, waitlist=False)
    enrol(factories.trainee(), offering)
    with pytest.raises(EnrolmentError, match="1"):
        enrol(factories.trainee(), offering)
    assert Enrolment.objects.count() == 1


def test_eligibility_by_level_and_region(course):
    level = ProfessionalLevel.objects.first()
    province = Region.objects.create(name="Yunnan", level=Region.Level.PROVINCE)
    city = Region.objects.create(name="Kunming", level=Region.Level.CITY, parent=province)
    offering = factories.offering(course)
    offering.eligible_levels.set([level])
    offering.eligible_regions.set([province])

    with pytest.raises(EnrolmentError, match=str(level)):
        enrol(factories.trainee(region=city), offering)
    with pytest.raises(EnrolmentError, match="Yunnan"):
        enrol(factories.trainee(professional_level=level), offering)
    assert enrol(factories.trainee(professional_level=level, region=city), offering).status == (
        "enrolled"
    )


def test_eligibility_by_kind_of_employer(course):
    offering = factories.offering(course)
    community = EmployerKind.objects.get(code="community")
    offering.eligible_employer_kinds.set([community])
    with pytest.raises(EnrolmentError, match=str(community)):
        enrol(
            factories.trainee(employer_kind=EmployerKind.objects.get(code="enterprise")), offering
        )
    with pytest.raises(EnrolmentError):
        enrol(factories.trainee(), offering)
    assert enrol(factories.trainee(employer_kind=community), offering).status == "enrolled"


def test_staff_enrol_outside_the_window_but_never_into_a_cancelled_offering(course):
    offering = factories.offering(course, status=CourseOffering.Status.RUNNING)
    assert enrol(factories.trainee(), offering, by_staff=True).status == "enrolled"
    offering.status = CourseOffering.Status.CANCELLED
    offering.save()
    with pytest.raises(EnrolmentError):
        enrol(factories.trainee(), offering, by_staff=True)


def test_a_place_that_ended_cannot_be_withdrawn(course):
    place = enrol(factories.trainee(), factories.offering(course))
    Enrolment.objects.filter(pk=place.pk).update(status=Enrolment.Status.COMPLETED)
    with pytest.raises(EnrolmentError):
        withdraw(place)
    assert Enrolment.objects.get(pk=place.pk).status == "completed"


def test_identity_numbers_are_masked_but_for_the_last_four():
    assert factories.trainee(id_number="510107199001011234").masked_id_number.endswith("1234")
    assert "1990" not in factories.trainee(id_number="510107199001011234").masked_id_number


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("waitlist", [False, True])
def test_fifty_parallel_enrolments_fill_exactly_ten_seats(waitlist):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks and one writer; CI runs this on PostgreSQL")
    institution = factories.institution()
    offering = factories.offering(factories.course(institution), capacity=10, waitlist=waitlist)
    trainees = [factories.trainee() for _ in range(50)]
    barrier = threading.Barrier(50)
    refused = []

    def apply(trainee):
        try:
            barrier.wait()
            enrol(trainee, offering)
        except EnrolmentError:
            refused.append(trainee)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(trainee,)) for trainee in trainees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = list(offering.enrolments.values_list("status", flat=True))
    assert statuses.count("enrolled") == 10
    assert statuses.count("waitlisted") == (40 if waitlist else 0)
    assert len(refused) == (0 if waitlist else 40)
