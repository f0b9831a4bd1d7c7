"""Recording grades and weighing them into a final score."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from assessment.models import Grade
from courses.models import Enrolment


class GradeError(ValueError):
    """Grades that cannot be recorded, with what is wrong; nothing of the batch is saved."""


def parse_number(text, error=ValueError):
    """A number typed by a person (a comma for the decimal point is fine): None when left
    empty; `error` says what is wrong otherwise."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise error(_("“%(text)s” is not a number.") % {"text": text[:20]}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise error(_("“%(text)s” is not a number we can keep.") % {"text": text[:20]})
    return number


def parse_score(text):
    """A score typed by a person: empty means no grade yet; otherwise 0 to 100."""
    score = parse_number(text, GradeError)
    if score is None:
        return None
    if not Decimal(0) <= score <= Decimal(100):
        raise GradeError(_("%(score)s is out of range: scores go from 0 to 100.") % {"score": text})
    return score.quantize(Decimal("0.01"))


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
