"""Recording grades and weighing them into a final score."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from assessment.models import Grade
from core.numbers import parse_number
from courses.models import Enrolment


class GradeError(ValueError):
    """Grades that cannot be recorded, with what is wrong; nothing of the batch is saved."""


def parse_score(text):
    """A score typed by a person: empty means no grade yet; otherwise 0 to 100."""
    return parse_number(text, Grade._meta.get_field("score"), error=GradeError)


def record_grades(offering, scores, *, by=None):
    """Save {(enrolment id, component id): score or None} for an offering, all or nothing.

    Only trainees enrolled in the offering get grades, and only in the components the course
    page authors; an empty score removes a grade.
    """
    from courses.completion import RecordError, check_results_open

    try:
        check_results_open(offering)
    except RecordError as error:
        raise GradeError(str(error)) from None
    components = {component_id for component_id, _n, _w in offering.course.assessment_components()}
    enrolled = set(
        Enrolment.objects.filter(offering=offering).holding_seats().values_list("pk", flat=True)
    )
    with transaction.atomic():
        for (enrolment_id, component_id), score in scores.items():
            if enrolment_id not in enrolled:
                raise GradeError(
                    _("Trainee #%(id)s is not enrolled in %(offering)s; enrol them first.")
                    % {"id": enrolment_id, "offering": offering.code}
                )
            if component_id not in components:
                raise GradeError(
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


def final_score(components, scores):
    """The weighted score out of 100, or None while a component has no grade."""
    if not components or any(component_id not in scores for component_id, _n, _w in components):
        return None
    total = sum(scores[component_id] * weight for component_id, _n, weight in components)
    return (total / 100).quantize(Decimal("0.01"))
