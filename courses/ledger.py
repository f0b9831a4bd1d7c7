"""The continuing-education ledger: hours earned against what a professional level owes in
its current registration period. Periods and hours come from ContinuingEducationRule rows."""

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from courses.models import (
    ContinuingEducationRecord,
    ContinuingEducationRule,
    Enrolment,
    Trainee,
)


def credit_course(enrolment: Enrolment) -> ContinuingEducationRecord:
    """Credit a completed offering's hours once, however often it is called."""
    offering = enrolment.offering
    record, _created = ContinuingEducationRecord.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "trainee": enrolment.trainee,
            "institution": offering.institution,
            "kind": ContinuingEducationRecord.Kind.COURSE,
            "title": f"{offering.code} · {offering.course.title}",
            "provider": offering.institution.name,
            "hours": offering.course_taught.hours["total"],
            "completed_on": enrolment.ended_at.date() if enrolment.ended_at else offering.ends_on,
        },
    )
    return record


class LedgerError(ValueError):
    """A record the rules refuse, with why."""


def degree_hours(trainee: Trainee) -> Decimal:
    """What a social-work degree counts for at the trainee's level, by the rules."""
    rule = rule_for(trainee)
    if rule is None:
        raise LedgerError(
            _(
                "No continuing-education rule covers %(trainee)s's professional level; set their "
                "level, or add a rule for it."
            )
            % {"trainee": trainee}
        )
    return rule.degree_hours


def rule_for(trainee: Trainee) -> ContinuingEducationRule | None:
    if trainee.professional_level_id is None:
        return None
    return ContinuingEducationRule.objects.filter(
        professional_level_id=trainee.professional_level_id
    ).first()


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


@dataclass
class Period:
    """A registration period and the hours counted in it."""

    starts_on: date
    ends_on: date
    required: Decimal
    earned: Decimal

    @property
    def share(self) -> Decimal | int:
        return min(self.earned * 100 / self.required, Decimal(100)) if self.required else 100

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.earned, Decimal(0))


def periods(trainee: Trainee, today: date) -> list[Period]:
    """Every registration period from the certificate date to the one that holds today, the
    latest first, each with its hours, in one query; none for a trainee without a certified
    level or certificate date, who owes nothing yet."""
    rule = rule_for(trainee)
    certified = trainee.certificate_date
    if rule is None or certified is None or certified > today:
        return []
    # Every period is counted from the certificate date itself, so 29 February never drifts.
    bounds = [certified]
    while bounds[-1] <= today:
        bounds.append(_years_later(certified, len(bounds) * rule.period_years))
    hours = list(trainee.continuing_education.values_list("completed_on", "hours"))
    return [
        Period(
            starts_on,
            ends_on,
            rule.required_hours,
            sum((h for day, h in hours if starts_on <= day < ends_on), Decimal(0)),
        )
        for starts_on, ends_on in reversed(list(itertools.pairwise(bounds)))
    ]


def current_period(trainee: Trainee, today: date) -> Period | None:
    """The registration period that holds today (see `periods`)."""
    return next(iter(periods(trainee, today)), None)


def evidence_filename(record: ContinuingEducationRecord) -> str:
    """The name a record's evidence is served and logged under: the uploaded file's own name
    may name the person."""
    return f"evidence-{record.pk}{Path(record.evidence.name or '').suffix.lower()}"
