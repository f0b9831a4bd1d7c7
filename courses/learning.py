"""What a trainee sees of their learning: the dashboard, an offering's units and materials,
and the units they have marked as studied. Each page takes a fixed number of queries. Every
app's trainee pages go through `trainee_view`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from courses import completion, ledger, surveys
from courses.models import Certificate, Enrolment, Session, Trainee, UnitProgress
from curriculum.models import TeachingMaterial

# A trainee opens an offering's materials and studies its units while enrolled and after.
STUDYING = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


def trainee_view(view):
    """Signed-in trainees only, passed to the view; a person without a trainee profile is
    asked to fill it in first."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        trainee = Trainee.objects.filter(user=request.user).first()
        if trainee is None:
            messages.info(request, _("Tell us a little about yourself before you enrol."))
            # A form posted from a page (Enrol, on the course page) returns to that page.
            back = request.POST.get("next", "") if request.method == "POST" else request.path
            return redirect(reverse("courses:profile") + "?" + urlencode({"next": back}))
        return view(request, trainee, *args, **kwargs)

    return wrapped


def studying(trainee):
    return trainee.enrolments.filter(status__in=STUDYING).select_related("offering__course")


def dashboard(trainee, now):
    enrolments = list(
        trainee.enrolments.select_related("offering__course", "offering__institution")
        .annotate(studied=Count("studied_units"))
        .order_by("-offering__starts_on", "pk")
    )
    for enrolment in enrolments:
        units = len(enrolment.offering.course.units)
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


def offering_context(enrolment):
    offering = enrolment.offering
    course = offering.course
    studied = set(enrolment.studied_units.values_list("unit_id", flat=True))
    open_materials = enrolment.status in STUDYING
    units = [
        {
            "id": unit.id,
            "value": unit.value,
            "studied": unit.id in studied,
            "materials": [material for material in unit.value["materials"] if material],
        }
        for unit in course.units
    ]
    standing = None
    if enrolment.status in STUDYING or enrolment.status == Enrolment.Status.FAILED:
        standing = next(iter(completion.standings(offering, only=enrolment)), None)
    return {
        "enrolment": enrolment,
        "offering": offering,
        "course": course,
        "units": units,
        "progress": len(studied & {unit["id"] for unit in units}) * 100 // len(units)
        if units
        else 0,
        "course_materials": [block.value for block in course.materials if block.value],
        "open_materials": open_materials,
        "sessions": list(offering.sessions.all()),
        "standing": standing,
        "components": course.assessment_components(),
        "certificate": enrolment.certificates.valid().first(),
        "evaluation": surveys.state(enrolment),
        "likert_scale": surveys.SCALE_LABELS,
    }


def mark_studied(enrolment, unit_id, *, studied: bool = True) -> None:
    if unit_id not in {unit.id for unit in enrolment.offering.course.units}:
        return
    if studied:
        UnitProgress.objects.get_or_create(enrolment=enrolment, unit_id=unit_id)
    else:
        UnitProgress.objects.filter(enrolment=enrolment, unit_id=unit_id).delete()


def course_material(course, material_pk):
    """The material if the course lists it, for the whole course or in one of its units."""
    listed = {block.value.pk for block in course.materials if block.value} | {
        material.pk for unit in course.units for material in unit.value["materials"] if material
    }
    if material_pk not in listed:
        return None
    return TeachingMaterial.objects.select_related("document").filter(pk=material_pk).first()
