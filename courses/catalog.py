"""What the catalog and a course page say of a course's editions: the next one taking
applications, with its dates, place and seats left, and the catalog's order by start date.

Course pages build the catalog with this module and offerings refer to course pages, so the
offering and session models are looked up in the app registry when a request asks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, cast
from uuid import UUID

from django.apps import apps
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from core.languages import field_suffix

if TYPE_CHECKING:
    from core.models import User
    from courses.models import CourseOffering, CoursePage, Enrolment, Session
    from courses.models.offerings import CourseOfferingQuerySet


def _offerings() -> CourseOfferingQuerySet:
    model = cast("type[CourseOffering]", apps.get_model("courses", "CourseOffering"))
    return model.objects.all()


def _sessions() -> QuerySet[Session]:
    model = cast("type[Session]", apps.get_model("courses", "Session"))
    return model.objects.all()


class Edition(NamedTuple):
    """An offering taking applications and what a person can do about it now."""

    offering: CourseOffering
    # SEATS (enrol now), WAITING_LIST (full: enrol onto the list), FULL (no list) or LATER
    # (enrolment opens later).
    state: str

    @property
    def open_now(self) -> bool:
        return self.state in (SEATS, WAITING_LIST)


SEATS, WAITING_LIST, FULL, LATER = "seats", "waiting-list", "full", "later"


def edition(offering: CourseOffering, now: datetime.datetime) -> Edition:
    """`offering` must come from `editions` (it carries its seats taken)."""
    if not offering.enrolment_is_open(now):
        return Edition(offering, LATER)
    if offering.seats_left:
        return Edition(offering, SEATS)
    return Edition(offering, WAITING_LIST if offering.waitlist else FULL)


class CatalogCard(NamedTuple):
    course: CoursePage
    edition: Edition | None  # the next one taking applications


def editions(translation_keys: Iterable[UUID], now: datetime.datetime) -> QuerySet[CourseOffering]:
    """The editions of these courses (in any translation) that take applications, soonest
    first, each with its seats taken and the venue of its first session (`first_venue`), in
    the reader's language where it is given in it."""
    translated = NullIf(f"venue_{field_suffix()}", Value(""))
    first_venue = (
        _sessions()
        .filter(offering=OuterRef("pk"))
        .exclude(venue="")
        .order_by("starts_at")
        .values(read=Coalesce(translated, "venue"))[:1]
    )
    return (
        _offerings()
        .taking_applications(now)
        .filter(course__translation_key__in=list(translation_keys))
        .with_seats_taken()
        .annotate(first_venue=Subquery(first_venue))
        .select_related("institution", "course", "term")
        .order_by("starts_on", "code")
    )


def cards(courses: Iterable[CoursePage], now: datetime.datetime) -> list[CatalogCard]:
    """Each course with the edition to show: in one query."""
    courses = list(courses)
    following: dict[UUID, Edition] = {}
    for offering in editions((course.translation_key for course in courses), now):
        key, found = offering.course.translation_key, edition(offering, now)
        if key not in following or (found.open_now and not following[key].open_now):
            following[key] = found  # the soonest one open now, else the soonest
    return [CatalogCard(course, following.get(course.translation_key)) for course in courses]


def open_now(now: datetime.datetime) -> QuerySet[CourseOffering, dict[str, Any]]:
    """The translation keys of the courses that someone can enrol in now."""
    return _offerings().open_for_enrolment(now).values("course__translation_key")


def by_next_start(courses: QuerySet[CoursePage], now: datetime.datetime) -> QuerySet[CoursePage]:
    """Courses whose next edition starts soonest first; those with none last, by title."""
    next_start = (
        _offerings()
        .taking_applications(now)
        .filter(course__translation_key=OuterRef("translation_key"))
        .order_by("starts_on")
        .values("starts_on")[:1]
    )
    return courses.annotate(next_start=Subquery(next_start)).order_by(
        F("next_start").asc(nulls_last=True), "title", "pk"
    )


def holding_a_place(offerings: Iterable[CourseOffering], user: User) -> set[int]:
    """Which of these offerings the person has a place in (applied, enrolled or waiting)."""
    enrolment = cast("type[Enrolment]", apps.get_model("courses", "Enrolment"))
    return set(
        enrolment.objects.filter(
            offering__in=list(offerings), trainee__user=user, status__in=enrolment.ACTIVE
        ).values_list("offering_id", flat=True)
    )
