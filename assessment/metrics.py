"""The metric registry: figures computed from the platform's own data, for indicators.

Every metric is computed for a set of institutions over a period at once and returns
{institution id: Decimal or None}; None means "no data" (nothing happened to measure), never 0.
The figures come from a handful of grouped queries shared by the metrics that need them
(`Figures`), so the number of queries does not grow with institutions, enrolments or placements.

What "the period" means for each source:
- courses: offerings that finished (or were due to end) within it, and their enrolments;
- faculty: the terms of those offerings;
- placements: placements that end within it, except those only proposed;
- practice bases: the agreements in force on the period's last day.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
PERCENT, SCORE, LIKERT, HOURS, NUMBER = "percent", "score", "likert", "hours", "number"
UNITS = {
    PERCENT: _("%"),
    SCORE: _("points of 100"),
    LIKERT: _("on a scale of 1 to 5"),
    HOURS: _("hours"),
    NUMBER: "",
}


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    unit: str
    explanation: str
    compute: object

    def __str__(self):
        return str(self.label)


REGISTRY = {}


def metric(code, label, unit, explanation):
    def register(compute):
        REGISTRY[code] = Metric(code, label, unit, explanation, compute)
        return compute

    return register


def choices():
    return [(code, item.label) for code, item in REGISTRY.items()]


def share(part, whole):
    return Decimal(part) * HUNDRED / whole if whole else None


def compute(codes, institution_ids, period):
    """{metric code: {institution id: value or None}} for the metrics named."""
    figures = Figures(list(institution_ids), period)
    return {code: REGISTRY[code].compute(figures) for code in codes}


class Figures:
    """The grouped queries behind the metrics, each run once, when a metric first needs it."""

    def __init__(self, institution_ids, period):
        self.institution_ids = institution_ids
        self.period = period

    def per_institution(self, value):
        return {pk: value(pk) for pk in self.institution_ids}

    # Courses -----------------------------------------------------------------------------
    @cached_property
    def offerings(self):
        from courses.models import CourseOffering

        return CourseOffering.objects.filter(
            institution_id__in=self.institution_ids,
            ends_on__range=(self.period.starts_on, self.period.ends_on),
        ).exclude(status__in=[CourseOffering.Status.DRAFT, CourseOffering.Status.CANCELLED])

    @cached_property
    def enrolments(self):
        """One grouped query: outcomes, scores, survey answers and hours credited."""
        from courses.models import Enrolment

        ended = Q(status__in=Enrolment.ENDED_BY_RESULT)
        attended = Q(status__in=[Enrolment.Status.COMPLETED, Enrolment.Status.FAILED])
        rows = (
            Enrolment.objects.filter(offering__in=self.offerings)
            .values("offering__institution_id")
            .annotate(
                ended=Count("pk", filter=ended),
                completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
                scored=Count("pk", filter=ended & Q(final_score__isnull=False)),
                passed=Count(
                    "pk", filter=ended & Q(final_score__gte=F("offering__course__pass_mark"))
                ),
                mean_score=Avg("final_score", filter=ended),
                asked=Count("pk", filter=attended & Q(offering__questionnaire__isnull=False)),
                answered=Count("survey_receipt", filter=attended),
                credited=Sum("continuing_education__hours"),
            )
        )
        return {row.pop("offering__institution_id"): row for row in rows}

    def enrolment(self, institution_id, key):
        return self.enrolments.get(institution_id, {}).get(key)

    @cached_property
    def satisfaction(self):
        from courses.models import SurveyResponse

        rows = (
            SurveyResponse.objects.filter(offering__in=self.offerings, satisfaction__isnull=False)
            .values_list("offering__institution_id")
            .annotate(mean=Avg("satisfaction"))
        )
        return dict(rows)

    @cached_property
    def courses(self):
        """The live course pages taught in the period, with their outcomes' competencies."""
        from courses.models import CoursePage, LearningOutcome

        pages = list(
            CoursePage.objects.filter(pk__in=self.offerings.values("course_id")).only(
                "institution_id", "units"
            )
        )
        built = defaultdict(set)
        for page_id, competency_id in LearningOutcome.competencies.through.objects.filter(
            learningoutcome__page__in=pages
        ).values_list("learningoutcome__page_id", "competency_id"):
            built[page_id].add(competency_id)
        for page in pages:
            page.competency_ids = built[page.pk]
        return pages

    @cached_property
    def ethics_competencies(self):
        """Every competency a curriculum plan names as its ethics content, with its parts."""
        from curriculum.models import Competency
        from plans.models import CurriculumPlanPage

        named = set(
            CurriculumPlanPage.objects.exclude(ethics_competency=None).values_list(
                "ethics_competency_id", flat=True
            )
        )
        if not named:
            return set()
        children = defaultdict(list)
        for pk, parent_id in (
            Competency.objects.filter(framework__competencies__in=named)
            .values_list("pk", "parent_id")
            .distinct()
        ):
            children[parent_id].append(pk)
        found, queue = set(), list(named)
        while queue:
            pk = queue.pop()
            if pk not in found:
                found.add(pk)
                queue.extend(children[pk])
        return found

    # Faculty -----------------------------------------------------------------------------
    @cached_property
    def employment(self):
        """(institution id, term) → {member id: (employment type, certified)}."""
        from faculty.models import EmploymentTerm

        terms = set(self.offerings.values_list("institution_id", "term").distinct())
        rows = EmploymentTerm.objects.filter(
            institution_id__in=self.institution_ids, term__in={term for _i, term in terms}
        ).values_list(
            "institution_id", "term", "member_id", "employment_type", "member__professional_level"
        )
        found = defaultdict(dict)
        for institution_id, term, member_id, kind, level in rows:
            if (institution_id, term) in terms:
                found[institution_id, term][member_id] = (kind, level is not None)
        return found

    def members(self, institution_id):
        """Each member employed in the period, with their latest employment type."""
        members = {}
        for (pk, _term), employed in sorted(self.employment.items()):
            if pk == institution_id:
                members.update(employed)
        return members

    @cached_property
    def teaching_hours(self):
        """{institution id: {employment type: hours taught}} for the offerings of the period."""
        from faculty.models import TeachingAssignment

        rows = (
            TeachingAssignment.objects.filter(offering__in=self.offerings)
            .values_list("offering__institution_id", "offering__term", "member_id")
            .annotate(hours=Sum("hours"))
        )
        hours = defaultdict(lambda: defaultdict(Decimal))
        for institution_id, term, member_id, total in rows:
            kind, _certified = self.employment[institution_id, term].get(member_id, ("", False))
            hours[institution_id][kind] += total
        return hours

    # Placements --------------------------------------------------------------------------
    @cached_property
    def placements(self):
        """Placements ending in the period, with approved hours and supervision minutes, in
        three queries."""
        from placements.models import HoursEntry, Placement, SupervisionSession

        placements = list(
            Placement.objects.filter(
                institution_id__in=self.institution_ids,
                ends_on__range=(self.period.starts_on, self.period.ends_on),
            )
            .exclude(status=Placement.Status.PROPOSED)
            .select_related("programme")
            .only(
                "institution_id",
                "trainee_id",
                "academic_supervisor_id",
                "status",
                "starts_on",
                "ends_on",
                "required_hours",
                "programme",
            )
        )
        approved = dict(
            HoursEntry.objects.counted()
            .filter(placement__in=placements)
            .values_list("placement_id")
            .annotate(total=Sum("hours"))
        )
        supervised = dict(
            SupervisionSession.objects.filter(placements__in=placements)
            .values_list("placements")
            .annotate(total=Sum("minutes"))
        )
        for placement in placements:
            placement.approved = approved.get(placement.pk, Decimal(0))
            weeks = max((placement.ends_on - placement.starts_on).days + 1, 0) // 7
            placement.compliant = supervised.get(
                placement.pk, 0
            ) >= placement.programme.required_supervision_minutes(placement.approved, weeks)
        return placements

    def placements_of(self, institution_id):
        return [p for p in self.placements if p.institution_id == institution_id]

    @cached_property
    def bases(self):
        """{institution id: (bases, bases with an agreement in force on the last day)}."""
        from placements.models import PracticeBase

        rows = (
            PracticeBase.objects.filter(institution_id__in=self.institution_ids)
            .values_list("institution_id")
            .annotate(
                total=Count("pk", distinct=True),
                agreed=Count(
                    "agreements__base_id",
                    filter=Q(
                        agreements__status="signed",
                        agreements__starts_on__lte=self.period.ends_on,
                        agreements__ends_on__gte=self.period.ends_on,
                    ),
                    distinct=True,
                ),
            )
        )
        return {pk: (total, agreed) for pk, total, agreed in rows}


def _enrolment_share(part, whole):
    def value(figures):
        return figures.per_institution(
            lambda pk: share(figures.enrolment(pk, part) or 0, figures.enrolment(pk, whole))
        )

    return value


metric(
    "completion_rate",
    _("Completion rate"),
    PERCENT,
    _("Trainees who completed, of those whose offering ended in the period with a result."),
)(_enrolment_share("completed", "ended"))
metric(
    "pass_rate",
    _("Pass rate"),
    PERCENT,
    _("Trainees whose final score reached the course's pass mark, of those with a final score."),
)(_enrolment_share("passed", "scored"))
metric(
    "survey_response_rate",
    _("Course evaluation response rate"),
    PERCENT,
    _("Trainees who answered the course evaluation, of those asked to."),
)(_enrolment_share("answered", "asked"))


@metric(
    "mean_final_score",
    _("Mean final score"),
    SCORE,
    _("The average weighted final score of trainees in offerings that ended in the period."),
)
def mean_final_score(figures):
    return figures.per_institution(lambda pk: figures.enrolment(pk, "mean_score"))


@metric(
    "satisfaction",
    _("Trainee satisfaction"),
    LIKERT,
    _("The mean answer to the course evaluations' rating questions, from 1 to 5."),
)
def satisfaction(figures):
    return figures.per_institution(figures.satisfaction.get)


@metric(
    "ce_hours_delivered",
    _("Continuing-education hours delivered"),
    HOURS,
    _("Hours credited to trainees' continuing-education ledgers by courses completed."),
)
def ce_hours_delivered(figures):
    # An institution whose runs ended delivered hours, none if nobody completed: 0, not "no data".
    return figures.per_institution(
        lambda pk: (
            (figures.enrolment(pk, "credited") or Decimal(0)) if pk in figures.enrolments else None
        )
    )


@metric(
    "practice_share",
    _("Practice share of curriculum hours"),
    PERCENT,
    _("Practice and supervision hours of the courses taught, of all their hours."),
)
def practice_share(figures):
    practice, total = defaultdict(Decimal), defaultdict(Decimal)
    for page in figures.courses:
        hours = page.hours
        practice[page.institution_id] += hours["practice_hours"] + hours["supervision_hours"]
        total[page.institution_id] += hours["total"]
    return figures.per_institution(lambda pk: share(practice[pk], total[pk]))


@metric(
    "ethics_coverage",
    _("Ethics content coverage"),
    PERCENT,
    _("Courses taught with an outcome that builds a plan's required ethics competency."),
)
def ethics_coverage(figures):
    ethics = figures.ethics_competencies
    covering, taught = defaultdict(int), defaultdict(int)
    for page in figures.courses:
        taught[page.institution_id] += 1
        covering[page.institution_id] += bool(page.competency_ids & ethics)
    return figures.per_institution(lambda pk: share(covering[pk], taught[pk]) if ethics else None)


@metric(
    "placement_hours_completion",
    _("Placement hours completion"),
    PERCENT,
    _("Approved placement hours against the hours required, placement by placement."),
)
def placement_hours_completion(figures):
    def value(pk):
        placements = figures.placements_of(pk)
        done = sum(min(p.approved / p.required_hours, Decimal(1)) for p in placements)
        return share(done, len(placements))

    return figures.per_institution(value)


@metric(
    "supervision_compliance",
    _("Supervision rule compliance"),
    PERCENT,
    _("Placements whose supervision met their programme's rule."),
)
def supervision_compliance(figures):
    def value(pk):
        placements = figures.placements_of(pk)
        return share(sum(p.compliant for p in placements), len(placements))

    return figures.per_institution(value)


@metric(
    "trainees_per_supervisor",
    _("Trainees per academic supervisor"),
    NUMBER,
    _("Trainees on placement for each academic supervisor; fewer means closer supervision."),
)
def trainees_per_supervisor(figures):
    def value(pk):
        placements = figures.placements_of(pk)
        supervisors = {p.academic_supervisor_id for p in placements}
        trainees = {p.trainee_id for p in placements}
        return Decimal(len(trainees)) / len(supervisors) if supervisors else None

    return figures.per_institution(value)


@metric(
    "bases_with_agreement",
    _("Practice bases with a valid agreement"),
    PERCENT,
    _("Practice bases with a signed agreement in force on the period's last day."),
)
def bases_with_agreement(figures):
    return figures.per_institution(lambda pk: share(*reversed(figures.bases.get(pk, (0, 0)))))


@metric(
    "full_time_share",
    _("Full-time share of faculty (full-time/part-time ratio)"),
    PERCENT,
    _("Full-time members, of the full-time and part-time members employed in the period."),
)
def full_time_share(figures):
    from faculty.models import EmploymentType

    def value(pk):
        kinds = [kind for kind, _c in figures.members(pk).values()]
        full = kinds.count(EmploymentType.FULL_TIME)
        return share(full, full + kinds.count(EmploymentType.PART_TIME))

    return figures.per_institution(value)


@metric(
    "certified_faculty_share",
    _("Faculty with a professional certificate"),
    PERCENT,
    _("Members employed in the period who hold a professional social-work level."),
)
def certified_faculty_share(figures):
    def value(pk):
        members = figures.members(pk).values()
        return share(sum(certified for _k, certified in members), len(members))

    return figures.per_institution(value)


@metric(
    "practitioner_teaching_share",
    _("Practitioner share of teaching hours"),
    PERCENT,
    _("Hours taught by front-line practitioners, of all hours taught in the period."),
)
def practitioner_teaching_share(figures):
    from faculty.models import EmploymentType

    def value(pk):
        hours = figures.teaching_hours.get(pk, {})
        return share(hours.get(EmploymentType.PRACTITIONER, 0), sum(hours.values()))

    return figures.per_institution(value)
