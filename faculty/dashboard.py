"""A teacher's dashboard: their next sessions and the gradebooks of their offerings that still
lack grades."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dashboard import SHOWN, WorkItem, WorkPanel
from core.models import User
from courses.models import CourseOffering, Enrolment, Session


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
    gradebooks = list(
        CourseOffering.objects.filter(
            teaching_assignments__member__user=user, status=CourseOffering.Status.RUNNING
        )
        .annotate(
            ungraded=Count(
                "enrolments",
                filter=Q(enrolments__status=Enrolment.Status.ENROLLED, enrolments__grades=None),
                distinct=True,
            )
        )
        .filter(ungraded__gt=0)
        .select_related("course")
        .distinct()
        .order_by("ends_on")
    )
    return [
        WorkPanel(
            "next-sessions",
            _("Your next sessions"),
            [
                WorkItem(
                    f"{session.offering.code} · {session.topic or session.offering.course.title}",
                    reverse("offerings:attendance", args=[session.offering_id]),
                    " · ".join(
                        part
                        for part in (
                            date_format(
                                timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT"
                            ),
                            session.venue or (_("Online") if session.online_link else ""),
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
                        "%(count)s trainee without a grade",
                        "%(count)s trainees without a grade",
                        offering.ungraded,
                    )
                    % {"count": offering.ungraded},
                )
                for offering in gradebooks
            ],
            empty=_("Every running offering you teach has its grades entered."),
            order=81,
        ),
    ]
