"""A teacher's dashboard: their next sessions and the gradebooks of their offerings that still
lack grades."""

from collections import Counter

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dashboard import SHOWN, WorkItem, WorkPanel
from core.models import User
from courses.models import CourseOffering, Enrolment, Grade, Session


def teaching_panels(user: User) -> list[WorkPanel]:
    now = timezone.now()
    ahead = (
        Session.objects.filter(
            offering__teaching_assignments__member__user=user, starts_at__gte=now
        )
        .exclude(offering__status=CourseOffering.Status.CANCELLED)
        .distinct()
    )
    sessions = list(ahead.select_related("offering__course").order_by("starts_at")[:SHOWN])
    gradebooks = _gradebooks_to_fill(user)
    return [
        WorkPanel(
            "next-sessions",
            _("Your next sessions"),
            [
                WorkItem(
                    f"{session.offering.code} · "
                    f"{session.topic_read or session.offering.course.title}",
                    reverse("offerings:attendance", args=[session.offering_id]),
                    " · ".join(
                        part
                        for part in (
                            date_format(
                                timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT"
                            ),
                            session.venue_read or (_("Online") if session.online_link else ""),
                        )
                        if part
                    ),
                )
                for session in sessions
            ],
            total=ahead.count(),
            empty=_(
                "No sessions ahead. When you are assigned to an offering, its sessions appear here."
            ),
            order=80,
        ),
        WorkPanel(
            "gradebooks-to-fill",
            _("Gradebooks to fill"),
            [
                WorkItem(
                    f"{offering.code} · {offering.course.title}",
                    reverse("offerings:gradebook", args=[offering.pk]),
                    ngettext(
                        "%(count)s trainee still missing a grade",
                        "%(count)s trainees still missing a grade",
                        missing,
                    )
                    % {"count": missing},
                )
                for offering, missing in gradebooks[:SHOWN]
            ],
            total=len(gradebooks),
            empty=_("Every running offering you teach has its grades entered."),
            order=81,
        ),
    ]


def _gradebooks_to_fill(user: User) -> list[tuple[CourseOffering, int]]:
    """The running offerings the user teaches, each with how many of its trainees still lack
    a grade in one of the course's components (read in three queries, however many)."""
    offerings = list(
        CourseOffering.objects.filter(
            teaching_assignments__member__user=user, status=CourseOffering.Status.RUNNING
        )
        .select_related("course", "course_revision")
        .distinct()
        .order_by("ends_on", "pk")
    )
    components = {o.pk: {c[0] for c in o.course_taught.assessment_components()} for o in offerings}
    places = list(
        Enrolment.objects.filter(
            offering__in=offerings, status=Enrolment.Status.ENROLLED
        ).values_list("pk", "offering_id")
    )
    graded = Counter(
        enrolment
        for enrolment, offering, component in Grade.objects.filter(
            enrolment__in=[pk for pk, _offering in places]
        ).values_list("enrolment_id", "enrolment__offering_id", "component_id")
        if component in components[offering]
    )
    missing = Counter(offering for pk, offering in places if graded[pk] < len(components[offering]))
    return [(offering, missing[offering.pk]) for offering in offerings if missing[offering.pk]]
