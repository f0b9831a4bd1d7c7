"""The metric registry: each metric's figure from known data, "no data" as None, and the same
number of queries however much data there is."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import figures, metrics
from courses import surveys
from courses.models import ContinuingEducationRecord, LearningOutcome
from curriculum.models import Competency, CompetencyFramework, ProfessionalLevel
from faculty.models import EmploymentTerm, TeachingAssignment
from placements.models import BaseAgreement, HoursEntry, SupervisionSession
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PERIOD = metrics.Period(date(2026, 1, 1), date(2026, 12, 31))


def teaching_institution(framework):
    """Courses, offerings, faculty, surveys and ledger hours of one institution."""
    institution = factories.institution()
    with_ethics = factories.course(institution)  # 2 units: 4 theory, 6 practice, 2 supervision
    outcome = LearningOutcome(page=with_ethics, text="Actúa con ética")
    outcome.competencies = Competency.objects.filter(code="V.1")
    outcome.save()
    with_ethics.save_revision().publish()  # the version its offerings are taught from
    without = factories.course(institution, units=1)
    factories.plan(framework, [(with_ethics, "required")])
    survey = factories.questionnaire()
    offering, places = factories.finished_offering(
        with_ethics,
        [
            ("completed", 90),
            ("completed", 80),
            ("completed", 70),
            ("failed", 40),
            ("no-show", None),
        ],
        survey,
    )
    factories.finished_offering(without, [("completed", 100)])
    for place, ratings in zip(places[:2], [("5", "4"), ("3", "4")], strict=True):
        ids = [pk for pk, _p in survey.rating_questions()]
        surveys.submit_answers(place, dict(zip(ids, ratings, strict=True)))
        ContinuingEducationRecord.objects.create(
            trainee=place.trainee,
            kind="course",
            institution=institution,
            title="Curso",
            hours=Decimal(24),
            completed_on=date(2026, 6, 30),
            enrolment=place,
        )
    level = ProfessionalLevel.objects.first()
    full = factories.faculty_member(institution, "full-time", professional_level=level)
    factories.faculty_member(institution, "full-time")
    factories.faculty_member(institution, "part-time")
    practitioner = factories.faculty_member(institution, "practitioner")
    for member, hours in ((full, 10), (practitioner, 30)):
        TeachingAssignment.objects.create(
            member=member, offering=offering, role="lead", hours=hours
        )
    return institution


def placing_institution():
    """Two placements under one supervisor ending in December, and two bases."""
    institution = factories.institution()
    programme = factories.programme(institution)  # 70 hours; 60 minutes every 35 hours
    base = factories.practice_base(institution)
    expired = factories.practice_base(institution)
    BaseAgreement.objects.filter(base=expired).update(ends_on=date(2026, 12, 1))
    first = factories.placement(programme, base, ends_on=date(2026, 12, 20))
    second = factories.placement(
        programme,
        base,
        ends_on=date(2026, 12, 20),
        academic_supervisor=first.academic_supervisor,
    )
    for placement, days in ((first, 5), (second, 10)):
        HoursEntry.objects.bulk_create(
            HoursEntry(
                placement=placement,
                date=date(2026, 11, 1) + timedelta(days=day),
                starts_at=time(8),
                ends_at=time(15),
                hours=Decimal(7),
                activities="Visitas",
                state=HoursEntry.State.APPROVED,
            )
            for day in range(days)
        )
    session = SupervisionSession.objects.create(
        supervisor=first.academic_supervisor,
        date=date(2026, 11, 10),
        minutes=60,
        kind="individual",
        topics="Casos",
    )
    session.placements.add(first)
    return institution


@pytest.fixture
def institutions(home):
    framework = factories.competency_framework()
    return teaching_institution(framework), placing_institution(), factories.institution()


def test_each_metric_computes_its_figure_and_says_no_data_rather_than_zero(institutions):
    teaching, placing, idle = institutions
    found = figures.compute(metrics.REGISTRY, [teaching.pk, placing.pk, idle.pk], PERIOD)
    assert len(found) == 15

    def figure(code, institution):
        value = found[code][institution.pk]
        return None if value is None else round(float(value), 2)

    expected_teaching = {
        "completion_rate": 4 * 100 / 6,  # 4 of 6 ended with a result (3 + 1 in the other run)
        "pass_rate": 80.0,  # 4 of the 5 with a score reached 60
        "mean_final_score": 76.0,
        "survey_response_rate": 50.0,  # 2 of the 4 who took part in the evaluated run
        "satisfaction": 4.0,  # (4.5 + 3.5) / 2
        "ce_hours_delivered": 48.0,
        "practice_share": round(100 * (16 + 8) / (24 + 12), 2),
        "ethics_coverage": 50.0,
        "full_time_share": round(200 / 3, 2),
        "certified_faculty_share": 25.0,
        "practitioner_teaching_share": 75.0,
    }
    for code, value in expected_teaching.items():
        assert figure(code, teaching) == round(value, 2), code
    expected_placing = {
        "placement_hours_completion": 75.0,  # 35 of 70 and 70 of 70
        "supervision_compliance": 50.0,  # 60 minutes owed after 35 hours, 120 after 70
        "trainees_per_supervisor": 2.0,
        "bases_with_agreement": 50.0,  # one agreement ended before 31 December
    }
    for code, value in expected_placing.items():
        assert figure(code, placing) == value, code
        assert figure(code, teaching) is None, code
    assert all(values[idle.pk] is None for values in found.values())


def test_the_number_of_queries_does_not_grow_with_the_data(institutions):
    teaching, placing, _idle = institutions
    ids = [teaching.pk, placing.pk]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            figures.compute(metrics.REGISTRY, ids, PERIOD)
        return len(captured)

    before = queries()
    ids.append(teaching_institution(CompetencyFramework.objects.get()).pk)
    course = factories.course(teaching)
    factories.finished_offering(course, [("completed", 75)] * 12)
    programme = factories.programme(placing)
    factories.placement(programme, factories.practice_base(placing), ends_on=date(2026, 12, 1))
    assert queries() == before
    assert before <= 14


def test_every_metric_the_registry_names_is_computed_and_nothing_else():
    assert set(figures.COMPUTE) == set(metrics.REGISTRY)


def test_ethics_coverage_counts_only_the_institutions_own_live_plans(home):
    """Another institution's plan, or a draft of one's own, sets no ethics requirement: an
    institution with no live plan of its own has no ethics coverage figure, not 0 %."""
    framework = factories.competency_framework()
    theirs, ours = factories.institution(), factories.institution()
    their_course, our_course = factories.course(theirs), factories.course(ours)
    for course in (their_course, our_course):
        factories.finished_offering(course, [("completed", 80)])
    factories.plan(framework, [(their_course, "required")])
    draft = factories.plan(framework, [(our_course, "required")])
    draft.unpublish()
    found = figures.compute(["ethics_coverage"], [theirs.pk, ours.pk], PERIOD)["ethics_coverage"]
    assert found == {theirs.pk: Decimal(0), ours.pk: None}


def test_the_full_time_share_reads_each_members_latest_term_by_its_dates(home):
    """ "Otoño 2026" sorts before "Primavera 2026" by name but starts after it: a member
    part-time in spring and full-time in autumn counts as full-time."""
    institution = factories.institution()
    course = factories.course(institution)
    for name in ("Primavera 2026", "Otoño 2026"):
        factories.offering(
            course,
            term=name,
            status="finished",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 6, 30),
        )
    member = factories.faculty_member(institution, "part-time", term_="Primavera 2026")
    EmploymentTerm.objects.create(
        member=member,
        institution=institution,
        term=factories.term(institution, "Otoño 2026"),
        employment_type="full-time",
        contracted_hours=40,
    )
    found = figures.compute(["full_time_share"], [institution.pk], PERIOD)["full_time_share"]
    assert found == {institution.pk: Decimal(100)}
