"""What a trainee sees of their learning: the dashboard, an offering's units and materials,
and the units they have marked as studied. Each page takes a fixed number of queries. Every
app's trainee pages go through `trainee_view`."""

import datetime
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, Concatenate, TypedDict, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise, WithAnnotations
from wagtail import hooks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Revision

from core.permissions import signed_in
from core.publishing import revision_live_at
from courses import completion, ledger, surveys
from courses.models import (
    TAUGHT_FIELDS,
    Attendance,
    Certificate,
    ContinuingEducationRule,
    CourseOffering,
    CoursePage,
    Enrolment,
    Session,
    Trainee,
    UnitProgress,
)
from curriculum.models import TeachingMaterial

# What a trainee reads of the course version their offering teaches: what it teaches and
# its words.
READ_FIELDS = (*TAUGHT_FIELDS, "title", "summary", "prerequisites")

# A trainee opens an offering's materials and studies its units while enrolled and after.
STUDYING = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


def trainee_view[**P](
    view: Callable[Concatenate[HttpRequest, Trainee, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Signed-in trainees only, passed to the view; a person without a trainee profile is
    asked to fill it in first."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        trainee = Trainee.objects.filter(user=signed_in(request)).first()
        if trainee is None:
            messages.info(request, _("Tell us a little about yourself before you enrol."))
            # A form posted from a page (Enrol, on the course page) returns to that page.
            back = request.POST.get("next", "") if request.method == "POST" else request.path
            return redirect(reverse("courses:profile") + "?" + urlencode({"next": back}))
        return view(request, trainee, *args, **kwargs)

    return wrapped


def is_learner(request: HttpRequest) -> bool:
    """Whether the pages of one's own training (My learning, My placements) are for the person
    signed in: anyone who does not work in the editor, and staff who also train. Asked once
    per request."""
    if not hasattr(request, "praxis_is_learner"):
        user = request.user
        request.praxis_is_learner = user.is_authenticated and (  # type: ignore[attr-defined]
            not user.has_perm("wagtailadmin.access_admin")
            or Trainee.objects.filter(user=user).exists()
        )
    return bool(request.praxis_is_learner)  # type: ignore[attr-defined]


def studying(trainee: Trainee) -> QuerySet[Enrolment]:
    return trainee.enrolments.filter(status__in=STUDYING).select_related(
        "offering__course", "offering__course_revision"
    )


class Dashboard(TypedDict):
    trainee: Trainee
    active: Sequence[Enrolment]
    past: Sequence[Enrolment]
    next_sessions: list[Session]
    deadlines: list[tuple[datetime.date, CourseOffering, str]]  # (when, offering, what ends)
    certificates: list[Certificate]
    period: ledger.Period | None
    rule: ContinuingEducationRule | None


class Studied(TypedDict):
    studied: int  # units


def dashboard(trainee: Trainee, now: datetime.datetime) -> Dashboard:
    # The related manager drops annotate()'s type; the rows carry `studied` all the same.
    enrolments = cast(
        "list[WithAnnotations[Enrolment, Studied]]",
        list(
            trainee.enrolments.select_related(
                "offering__course", "offering__course_revision", "offering__institution"
            )
            .annotate(studied=Count("studied_units"))
            .order_by("-offering__starts_on", "pk")
        ),
    )
    for enrolment in enrolments:
        units = len(enrolment.offering.course_taught.units)
        enrolment.progress = min(enrolment.studied * 100 // units, 100) if units else 0
    active = [e for e in enrolments if e.status in Enrolment.ACTIVE]
    return {
        "trainee": trainee,
        "active": active,
        "past": [e for e in enrolments if e.status not in Enrolment.ACTIVE],
        "next_sessions": list(
            Session.objects.filter(
                offering__enrolments__trainee=trainee,
                offering__enrolments__status=Enrolment.Status.ENROLLED,
                ends_at__gte=now,
            )
            .select_related("offering")
            .order_by("starts_at")[:5]
        ),
        "deadlines": sorted(
            [
                (e.offering.enrolment_closes_at.date(), e.offering, "enrolment")
                for e in active
                if e.status != Enrolment.Status.ENROLLED and e.offering.enrolment_closes_at > now
            ]
            + [
                (e.offering.ends_on, e.offering, "ends")
                for e in active
                if e.status == Enrolment.Status.ENROLLED and e.offering.ends_on >= now.date()
            ],
            key=lambda deadline: deadline[0],
        ),
        "certificates": list(
            Certificate.objects.valid().filter(enrolment__trainee=trainee).order_by("-issued_at")
        ),
        "period": ledger.current_period(trainee, timezone.localdate(now)),
        "rule": ledger.rule_for(trainee),
    }


class UnitRow(TypedDict):
    id: str
    value: Any  # the unit block's StructValue
    studied: bool
    materials: list[TeachingMaterial]


class OfferingPage(TypedDict):
    enrolment: Enrolment
    offering: CourseOffering
    course: CoursePage
    units: list[UnitRow]
    progress: int
    course_materials: list[TeachingMaterial]
    open_materials: bool
    next_sessions: list[Session]
    past_sessions: list[tuple[Session, str]]  # with the trainee's attendance mark, if taken
    teachers: list[str]
    standing: completion.Standing | None
    components: list[tuple[str, str, int]]
    certificate: Certificate | None
    evaluation: str
    likert_scale: Sequence[tuple[int, StrOrPromise]]


def offering_context(enrolment: Enrolment, now: datetime.datetime) -> OfferingPage:
    """The offering as a course outline: its units in order with their objectives, materials
    and the trainee's progress; each material once (under its unit, else with the course's);
    the sessions ahead, the next first, and those past with the trainee's attendance."""
    offering = enrolment.offering
    course = course_read(offering)
    studied = set(enrolment.studied_units.values_list("unit_id", flat=True))
    open_materials = enrolment.status in STUDYING
    units: list[UnitRow] = [
        {
            "id": unit.id,
            "value": unit.value,
            "studied": unit.id in studied,
            "materials": [material for material in unit.value["materials"] if material],
        }
        for unit in course.units
    ]
    in_units = {material for unit in units for material in unit["materials"]}
    sessions = list(offering.sessions.all())
    marks = {mark.session_id: mark for mark in Attendance.objects.filter(enrolment=enrolment)}
    standing = None
    if enrolment.status in STUDYING or enrolment.status == Enrolment.Status.FAILED:
        attended = sum(mark.status in Attendance.ATTENDED for mark in marks.values())
        standing = completion.standing_of(enrolment, len(sessions), attended)
    return {
        "enrolment": enrolment,
        "offering": offering,
        "course": course,
        "units": units,
        "progress": len(studied & {unit["id"] for unit in units}) * 100 // len(units)
        if units
        else 0,
        "course_materials": [
            block.value for block in course.materials if block.value and block.value not in in_units
        ],
        "open_materials": open_materials,
        "next_sessions": [session for session in sessions if session.ends_at >= now],
        "past_sessions": [
            (session, str(marks[session.pk].get_status_display()) if session.pk in marks else "")
            for session in sessions
            if session.ends_at < now
        ],
        # Apps above courses name the teachers (faculty: its teaching assignments).
        "teachers": [
            name for hook in hooks.get_hooks("offering_teachers") for name in hook(offering)
        ],
        "standing": standing,
        "components": course.assessment_components(),
        "certificate": enrolment.certificates.valid().first()
        if enrolment.status == Enrolment.Status.COMPLETED
        else None,
        "evaluation": surveys.state(enrolment),
        "likert_scale": surveys.SCALE_LABELS,
    }


def mark_studied(enrolment: Enrolment, unit_id: str, *, studied: bool = True) -> None:
    if unit_id not in {unit.id for unit in enrolment.offering.course_taught.units}:
        return
    if studied:
        UnitProgress.objects.get_or_create(enrolment=enrolment, unit_id=unit_id)
    else:
        UnitProgress.objects.filter(enrolment=enrolment, unit_id=unit_id).delete()


def version_read(
    offering: CourseOffering, *, whole: bool = False
) -> tuple[CoursePage, Revision | None]:
    """The course version the offering teaches, as its trainee reads it, with its revision:
    in their language, the translation as it was published when the offering pinned its
    version (the same units, by id, and the materials translated with it), else as written.
    Its outline and words (`READ_FIELDS`), read without a query, unless `whole` (outcomes
    and all, as the syllabus prints it)."""
    course = offering.course
    # The course in the reader's language is most often the course itself: no query to find it.
    reading_its_language = course.locale.language_code == get_supported_content_language_variant(
        get_language()
    )
    translation = course if reading_its_language else cast(CoursePage, course.localized)
    page, revision = translation, None
    if translation.pk == offering.course_id or translation.alias_of_id:
        # the course itself, or the alias that shows its words where it is not translated
        page, revision = offering.course, offering.course_revision
    elif offering.course_pinned_at is not None:
        revision = revision_live_at(translation, offering.course_pinned_at)
    if revision is None:  # a draft offering, or a translation never published
        return page, page.live_revision
    if whole:
        return cast(CoursePage, page.with_content_json(revision.content)), revision
    return page.with_fields_of(revision.content, READ_FIELDS), revision


def course_read(offering: CourseOffering) -> CoursePage:
    """The course version the offering teaches, in its trainee's language (`version_read`)."""
    return version_read(offering)[0]


def course_material(course: CoursePage, material_pk: int) -> TeachingMaterial | None:
    """The material if the course lists it, for the whole course or in one of its units."""
    listed = {block.value.pk for block in course.materials if block.value} | {
        material.pk for unit in course.units for material in unit.value["materials"] if material
    }
    if material_pk not in listed:
        return None
    return TeachingMaterial.objects.select_related("document").filter(pk=material_pk).first()
