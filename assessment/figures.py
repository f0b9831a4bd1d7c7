"""The queries behind the metrics (assessment.metrics names them): each computed for a set of
institutions over a period at once, as {institution id: Decimal or None}, from a handful of
grouped queries shared by the metrics that need them (`Figures`), so the number of queries does
not grow with institutions, enrolments or placements."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Avg, Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.functional import cached_property

from assessment.metrics import REGISTRY, Period, Values, share
from courses.models import CourseOffering, CoursePage, Enrolment, LearningOutcome, SurveyResponse
from curriculum.models import Competency
from faculty.models import EmploymentTerm, EmploymentType, TeachingAssignment
from placements.models import HoursEntry, Placement, PracticeBase, SupervisionSession
from plans.models import PlanCourse

Compute = Callable[["Figures"], Values]

# An enrolment's pass mark: the one of the course version its offering taught.
TAUGHT_PASS_MARK = Coalesce(
    Cast(
        KeyTextTransform("pass_mark", "offering__course_revision__content"),
        DecimalField(max_digits=5, decimal_places=2),
    ),
    F("offering__course__pass_mark"),
)
COMPUTE: dict[str, Compute] = {}


def computes(code: str) -> Callable[[Compute], Compute]:
    """Register the function that computes the metric `code` from `Figures`."""

    def register(compute: Compute) -> Compute:
        if code not in REGISTRY:
            raise ImproperlyConfigured(f"{code} is not in assessment.metrics.REGISTRY")
        COMPUTE[code] = compute
        return compute

    return register


def compute(
    codes: Iterable[str], institution_ids: Iterable[int], period: Period
) -> dict[str, Values]:
    """{metric code: {institution id: value or None}} for the metrics named."""
    figures = Figures(list(institution_ids), period)
    return {code: COMPUTE[code](figures) for code in codes}


class Figures:
    """The grouped queries behind the metrics, each run once, when a metric first needs it."""

    def __init__(self, institution_ids: list[int], period: Period) -> None:
        self.institution_ids = institution_ids
        self.period = period

    def per_institution(self, value: Callable[[int], Decimal | None]) -> Values:
        return {pk: value(pk) for pk in self.institution_ids}

    # Courses -----------------------------------------------------------------------------
    @cached_property
    def offerings(self) -> QuerySet[CourseOffering]:
        return CourseOffering.objects.filter(
            institution_id__in=self.institution_ids,
            ends_on__range=(self.period.starts_on, self.period.ends_on),
        ).exclude(status__in=[CourseOffering.Status.DRAFT, CourseOffering.Status.CANCELLED])

    @cached_property
    def enrolments(self) -> dict[int, dict[str, Any]]:
        """One grouped query: outcomes, scores, survey answers and hours credited."""
        ended = Q(status__in=Enrolment.ENDED_BY_RESULT)
        attended = Q(status__in=[Enrolment.Status.COMPLETED, Enrolment.Status.FAILED])
        rows = (
            Enrolment.objects.filter(offering__in=self.offerings)
            .values("offering__institution_id")
            .annotate(
                ended=Count("pk", filter=ended),
                completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
                scored=Count("pk", filter=ended & Q(final_score__isnull=False)),
                passed=Count("pk", filter=ended & Q(final_score__gte=TAUGHT_PASS_MARK)),
                mean_score=Avg("final_score", filter=ended),
                asked=Count("pk", filter=attended & Q(offering__questionnaire__isnull=False)),
                answered=Count("survey_receipt", filter=attended),
                credited=Sum("continuing_education__hours"),
            )
        )
        return {row["offering__institution_id"]: dict(row) for row in rows}

    def enrolment(self, institution_id: int, key: str) -> Any:
        return self.enrolments.get(institution_id, {}).get(key)

    @cached_property
    def satisfaction(self) -> dict[int, Decimal]:
        rows = (
            SurveyResponse.objects.filter(offering__in=self.offerings, satisfaction__isnull=False)
            .values_list("offering__institution_id")
            .annotate(mean=Avg("satisfaction"))
        )
        return dict(rows)

    @cached_property
    def courses(self) -> list[CoursePage]:
        """The course versions taught in the period: each course as the last of its offerings
        to end in the period taught it, with its outcomes' competencies (`competency_ids`)."""
        last = {
            offering.course_id: offering
            for offering in self.offerings.select_related("course", "course_revision")
            .only(
                "course__institution_id",
                "course__units",
                "course_revision__content",
                "course_revision",
                "course",
            )
            .order_by("ends_on", "pk")
        }
        unpinned = [o.course_id for o in last.values() if o.course_revision is None]
        built = defaultdict(set)
        for page_id, competency_id in LearningOutcome.competencies.through.objects.filter(
            learningoutcome__page_id__in=unpinned
        ).values_list("learningoutcome__page_id", "competency_id"):
            built[page_id].add(competency_id)
        pages = []
        for offering in last.values():
            page = offering.course_taught
            if offering.course_revision is None:
                page.competency_ids = built[page.pk]
            else:  # as the revision recorded them, read without a query per outcome
                page.competency_ids = {
                    competency_id
                    for outcome in offering.course_revision.content.get("outcomes", [])
                    for competency_id in outcome.get("competencies", [])
                }
            pages.append(page)
        return pages

    @cached_property
    def ethics_competencies(self) -> dict[int, set[int]]:
        """Institution id → every competency that its own live plans (those teaching its
        courses) name as their ethics content, with the competency's parts: another
        institution's plan, or a draft, sets no requirement here."""
        named: defaultdict[int, set[int]] = defaultdict(set)
        for institution_id, competency_id in (
            PlanCourse.objects.filter(
                plan__live=True, course__institution_id__in=self.institution_ids
            )
            .exclude(plan__ethics_competency=None)
            .values_list("course__institution_id", "plan__ethics_competency_id")
            .distinct()
        ):
            named[institution_id].add(competency_id)
        every = set().union(*named.values())
        if not every:
            return {}
        children = defaultdict(list)
        for pk, parent_id in (
            Competency.objects.filter(framework__competencies__in=every)
            .values_list("pk", "parent_id")
            .distinct()
        ):
            children[parent_id].append(pk)

        def with_parts(competencies: set[int]) -> set[int]:
            found, queue = set(), list(competencies)
            while queue:
                pk = queue.pop()
                if pk not in found:
                    found.add(pk)
                    queue.extend(children[pk])
            return found

        return {pk: with_parts(competencies) for pk, competencies in named.items()}

    # Faculty -----------------------------------------------------------------------------
    @cached_property
    def employment(self) -> dict[tuple[int, int], dict[int, tuple[str, bool]]]:
        """(institution id, term id) → {member id: (employment type, certified)}, in the
        order the terms start."""
        terms = set(self.offerings.values_list("institution_id", "term_id").distinct())
        rows = (
            EmploymentTerm.objects.filter(
                institution_id__in=self.institution_ids, term__in={term for _i, term in terms}
            )
            .order_by("term__starts_on", "term_id")
            .values_list(
                "institution_id",
                "term_id",
                "member_id",
                "employment_type",
                "member__professional_level",
            )
        )
        found: defaultdict[tuple[int, int], dict[int, tuple[str, bool]]] = defaultdict(dict)
        for institution_id, term, member_id, kind, level in rows:
            if (institution_id, term) in terms:
                found[institution_id, term][member_id] = (kind, level is not None)
        return found

    def members(self, institution_id: int) -> dict[int, tuple[str, bool]]:
        """Each member employed in the period, with the employment type of their latest term
        (by its dates: "Primavera 2026" comes before "Otoño 2026")."""
        members = {}
        for (pk, _term), employed in self.employment.items():
            if pk == institution_id:
                members.update(employed)
        return members

    @cached_property
    def teaching_hours(self) -> dict[int, dict[str, Decimal]]:
        """{institution id: {employment type: hours taught}} for the offerings of the period."""
        rows = (
            TeachingAssignment.objects.filter(offering__in=self.offerings)
            .values_list("offering__institution_id", "offering__term_id", "member_id")
            .annotate(hours=Sum("hours"))
        )
        hours: defaultdict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for institution_id, term, member_id, total in rows:
            kind, _certified = self.employment[institution_id, term].get(member_id, ("", False))
            hours[institution_id][kind] += total
        return hours

    # Placements --------------------------------------------------------------------------
    @cached_property
    def placements(self) -> list[Placement]:
        """Placements ending in the period, with approved hours and supervision minutes, in
        three queries."""
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

    def placements_of(self, institution_id: int) -> list[Placement]:
        return [p for p in self.placements if p.institution_id == institution_id]

    @cached_property
    def bases(self) -> dict[int, tuple[int, int]]:
        """{institution id: (bases, bases with an agreement in force on the last day)}."""
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


def _enrolment_share(part: str, whole: str) -> Compute:
    def value(figures: Figures) -> Values:
        return figures.per_institution(
            lambda pk: share(figures.enrolment(pk, part) or 0, figures.enrolment(pk, whole))
        )

    return value


computes("completion_rate")(_enrolment_share("completed", "ended"))
computes("pass_rate")(_enrolment_share("passed", "scored"))
computes("survey_response_rate")(_enrolment_share("answered", "asked"))


@computes("mean_final_score")
def mean_final_score(figures: Figures) -> Values:
    return figures.per_institution(lambda pk: figures.enrolment(pk, "mean_score"))


@computes("satisfaction")
def satisfaction(figures: Figures) -> Values:
    return figures.per_institution(figures.satisfaction.get)


@computes("ce_hours_delivered")
def ce_hours_delivered(figures: Figures) -> Values:
    # An institution whose runs ended delivered hours, none if nobody completed: 0, not "no data".
    return figures.per_institution(
        lambda pk: (
            (figures.enrolment(pk, "credited") or Decimal(0)) if pk in figures.enrolments else None
        )
    )


@computes("practice_share")
def practice_share(figures: Figures) -> Values:
    practice: defaultdict[int, Decimal] = defaultdict(Decimal)
    total: defaultdict[int, Decimal] = defaultdict(Decimal)
    for page in figures.courses:
        hours = page.hours
        practice[page.institution_id] += hours["practice_hours"] + hours["supervision_hours"]
        total[page.institution_id] += hours["total"]
    return figures.per_institution(lambda pk: share(practice[pk], total[pk]))


@computes("ethics_coverage")
def ethics_coverage(figures: Figures) -> Values:
    ethics = figures.ethics_competencies
    covering: defaultdict[int, int] = defaultdict(int)
    taught: defaultdict[int, int] = defaultdict(int)
    for page in figures.courses:
        taught[page.institution_id] += 1
        covering[page.institution_id] += bool(
            page.competency_ids & ethics.get(page.institution_id, set())
        )
    return figures.per_institution(
        lambda pk: share(covering[pk], taught[pk]) if pk in ethics else None
    )


@computes("placement_hours_completion")
def placement_hours_completion(figures: Figures) -> Values:
    def value(pk: int) -> Decimal | None:
        placements = figures.placements_of(pk)
        done = sum(min(p.approved / p.required_hours, Decimal(1)) for p in placements)
        return share(done, len(placements))

    return figures.per_institution(value)


@computes("supervision_compliance")
def supervision_compliance(figures: Figures) -> Values:
    def value(pk: int) -> Decimal | None:
        placements = figures.placements_of(pk)
        return share(sum(p.compliant for p in placements), len(placements))

    return figures.per_institution(value)


@computes("trainees_per_supervisor")
def trainees_per_supervisor(figures: Figures) -> Values:
    def value(pk: int) -> Decimal | None:
        placements = figures.placements_of(pk)
        supervisors = {p.academic_supervisor_id for p in placements}
        trainees = {p.trainee_id for p in placements}
        return Decimal(len(trainees)) / len(supervisors) if supervisors else None

    return figures.per_institution(value)


@computes("bases_with_agreement")
def bases_with_agreement(figures: Figures) -> Values:
    return figures.per_institution(lambda pk: share(*reversed(figures.bases.get(pk, (0, 0)))))


@computes("full_time_share")
def full_time_share(figures: Figures) -> Values:
    def value(pk: int) -> Decimal | None:
        kinds = [kind for kind, _c in figures.members(pk).values()]
        full = kinds.count(EmploymentType.FULL_TIME)
        return share(full, full + kinds.count(EmploymentType.PART_TIME))

    return figures.per_institution(value)


@computes("certified_faculty_share")
def certified_faculty_share(figures: Figures) -> Values:
    def value(pk: int) -> Decimal | None:
        members = figures.members(pk).values()
        return share(sum(certified for _k, certified in members), len(members))

    return figures.per_institution(value)


@computes("practitioner_teaching_share")
def practitioner_teaching_share(figures: Figures) -> Values:
    def value(pk: int) -> Decimal | None:
        hours = figures.teaching_hours.get(pk, {})
        return share(hours.get(EmploymentType.PRACTITIONER, 0), sum(hours.values()))

    return figures.per_institution(value)
