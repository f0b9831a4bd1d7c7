"""Computing an evaluation round on PostgreSQL, as a ratio against hand-written SQL.

50 institutions, 1,000 finished offerings and 100,000 enrolments, with course evaluation answers
and continuing-education hours. A round of the six course metrics (completion, pass rate, mean
final score, survey response rate, satisfaction, hours delivered) is computed by
`assessment.rounds.compute` — the metric registry's grouped queries plus storing the values —
and, in alternating rounds, the same figures come from two hand-written SQL aggregations. The
figures must agree. Then the finalised report's PDF is rendered.
Needs PostgreSQL at PG_URL (default postgres://postgres@127.0.0.1:5432).
"""

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import WORK, bench_environment, postgres_database

DATABASE = "praxis_bench_quality"
INSTITUTIONS = 50
OFFERINGS_EACH = 20
PLACES_EACH = 100  # 50 institutions, 20 offerings each: 100,000 enrolments
TRAINEES = 5_000
REPEATS = 7
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
METRICS = [
    "completion_rate",
    "pass_rate",
    "mean_final_score",
    "survey_response_rate",
    "satisfaction",
    "ce_hours_delivered",
]
ENDED = ("completed", "failed", "no-show")

ENROLMENT_SQL = """
SELECT o.institution_id,
       COUNT(*) FILTER (WHERE e.status IN ('completed', 'failed', 'no-show')),
       COUNT(*) FILTER (WHERE e.status = 'completed'),
       COUNT(*) FILTER (WHERE e.status IN ('completed', 'failed', 'no-show')
                          AND e.final_score IS NOT NULL),
       COUNT(*) FILTER (WHERE e.status IN ('completed', 'failed', 'no-show')
                          AND e.final_score >= c.pass_mark),
       AVG(e.final_score) FILTER (WHERE e.status IN ('completed', 'failed', 'no-show')),
       COUNT(*) FILTER (WHERE e.status IN ('completed', 'failed')
                          AND o.questionnaire_id IS NOT NULL),
       COUNT(r.id) FILTER (WHERE e.status IN ('completed', 'failed')),
       SUM(ce.hours)
FROM courses_enrolment e
JOIN courses_courseoffering o ON o.id = e.offering_id
JOIN courses_coursepage c ON c.page_ptr_id = o.course_id
LEFT JOIN assessment_surveyreceipt r ON r.enrolment_id = e.id
LEFT JOIN courses_continuingeducationrecord ce ON ce.enrolment_id = e.id
WHERE o.institution_id = ANY(%s) AND o.ends_on BETWEEN %s AND %s
  AND o.status NOT IN ('draft', 'cancelled')
GROUP BY o.institution_id
"""
SATISFACTION_SQL = """
SELECT o.institution_id, AVG(s.satisfaction)
FROM assessment_surveyresponse s
JOIN courses_courseoffering o ON o.id = s.offering_id
WHERE o.institution_id = ANY(%s) AND o.ends_on BETWEEN %s AND %s
  AND o.status NOT IN ('draft', 'cancelled') AND s.satisfaction IS NOT NULL
GROUP BY o.institution_id
"""


def make_data():
    """The institutions, offerings, enrolments, answers and hours, in bulk."""
    from django.utils import timezone

    from core.models import Institution, Region, Term, User
    from core.services import create_institution
    from courses.models import (
        ContinuingEducationRecord,
        CourseOffering,
        CoursePage,
        Enrolment,
        Questionnaire,
        SurveyReceipt,
        SurveyResponse,
        Trainee,
    )
    from curriculum.models import TrainingTier
    from tests.factories import home_page, unit

    rng = random.Random(50)
    home_page()
    province = Region.objects.create(name="Provincia", level=Region.Level.PROVINCE)
    host = create_institution(
        name="Anfitriona", slug="anfitriona", kind="university", region=province
    )
    course = CoursePage(
        title="Curso",
        code="Q-1",
        summary="Curso",
        tier=TrainingTier.objects.first(),
        units=[unit("Unidad")],
        pass_mark=Decimal(60),
        assessment=[("component", {"name": "Examen", "method": "exam", "weight": 100})],
    )
    host.root_page.add_child(instance=course)
    authority = Institution.objects.create(
        name="Autoridad",
        slug="autoridad",
        kind="government",
        region=province,
        oversight_region=province,
    )
    institutions = Institution.objects.bulk_create(
        Institution(name=f"Institución {n}", slug=f"inst-{n}", kind="training", region=province)
        for n in range(INSTITUTIONS)
    )
    questionnaire = Questionnaire.objects.create(
        name="Evaluación", questions=[("rating", {"prompt": "Útil"})]
    )
    users = User.objects.bulk_create(
        User(email=f"t{n}@bench.example", password="!") for n in range(TRAINEES)
    )
    trainees = Trainee.objects.bulk_create(
        Trainee(user=user, family_name="Bench", given_name=str(n)) for n, user in enumerate(users)
    )
    opens = timezone.make_aware(datetime(2026, 1, 1))
    terms = {
        term.institution_id: term
        for term in Term.objects.bulk_create(
            Term(
                institution=institution,
                name_es="2026",
                name_zh_hans="2026",
                name_en="2026",
                starts_on=date(2026, 1, 1),
                ends_on=date(2026, 12, 31),
            )
            for institution in institutions
        )
    }
    offerings = CourseOffering.objects.bulk_create(
        CourseOffering(
            course=course,
            institution=institution,
            code=f"Q-{i}-{n}",
            term=terms[institution.pk],
            starts_on=date(2026, 2, 1) + timedelta(days=n * 9),
            ends_on=date(2026, 3, 1) + timedelta(days=n * 9),
            delivery_mode="in-person",
            language="es",
            capacity=PLACES_EACH,
            enrolment_opens_at=opens,
            enrolment_closes_at=opens + timedelta(days=20),
            status="finished",
            questionnaire=questionnaire if n % 2 == 0 else None,
        )
        for i, institution in enumerate(institutions)
        for n in range(OFFERINGS_EACH)
    )
    places = []
    for offering in offerings:
        for trainee in rng.sample(trainees, PLACES_EACH):
            roll = rng.random()
            status = "completed" if roll < 0.75 else "failed" if roll < 0.92 else "no-show"
            score = None if status == "no-show" else Decimal(rng.randint(35, 99))
            places.append(
                Enrolment(offering=offering, trainee=trainee, status=status, final_score=score)
            )
    places = Enrolment.objects.bulk_create(places, batch_size=5000)
    receipts, responses, records = [], [], []
    by_offering = {offering.pk: offering for offering in offerings}
    for place in places:
        offering = by_offering[place.offering_id]
        if place.status != "no-show" and offering.questionnaire_id and rng.random() < 0.4:
            receipts.append(SurveyReceipt(enrolment=place))
            responses.append(
                SurveyResponse(
                    offering=offering, answers={}, satisfaction=Decimal(rng.randint(2, 5))
                )
            )
        if place.status == "completed":
            records.append(
                ContinuingEducationRecord(
                    trainee_id=place.trainee_id,
                    kind="course",
                    institution_id=offering.institution_id,
                    title="Curso",
                    hours=Decimal(12),
                    completed_on=offering.ends_on,
                    enrolment=place,
                )
            )
    SurveyReceipt.objects.bulk_create(receipts, batch_size=5000)
    SurveyResponse.objects.bulk_create(responses, batch_size=5000)
    ContinuingEducationRecord.objects.bulk_create(records, batch_size=5000)
    return authority, institutions, len(places), len(responses)


def framework():
    from assessment.models import IndicatorFramework
    from tests.factories import indicator

    weight = Decimal(100) / len(METRICS)
    weights = [weight.quantize(Decimal("0.01"))] * (len(METRICS) - 1)
    weights.append(Decimal(100) - sum(weights))
    made = IndicatorFramework(
        name="Bench",
        dimensions=[
            (
                "dimension",
                {
                    "code": "D",
                    "name": "Cursos",
                    "points": "100",
                    "indicators": [
                        indicator(f"D{n}", code, weight)
                        for n, (code, weight) in enumerate(zip(METRICS, weights, strict=True))
                    ],
                },
            )
        ],
    )
    made.save()
    made.save_revision().publish()
    made.refresh_from_db()
    return made


def hand_written(institution_ids):
    """The same figures from two hand-written SQL queries."""
    from django.db import connection

    from assessment.metrics import share

    with connection.cursor() as cursor:
        cursor.execute(ENROLMENT_SQL, [institution_ids, *PERIOD])
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute(SATISFACTION_SQL, [institution_ids, *PERIOD])
        satisfaction = dict(cursor.fetchall())
    figures = {code: {} for code in METRICS}
    for pk in institution_ids:
        ended, completed, scored, passed, mean, asked, answered, credited = rows.get(pk, (0,) * 8)
        figures["completion_rate"][pk] = share(completed, ended)
        figures["pass_rate"][pk] = share(passed, scored)
        figures["mean_final_score"][pk] = mean
        figures["survey_response_rate"][pk] = share(answered, asked)
        figures["satisfaction"][pk] = satisfaction.get(pk)
        figures["ce_hours_delivered"][pk] = credited
    return figures


def main():
    env = bench_environment()
    WORK.mkdir(parents=True, exist_ok=True)
    print("Preparing a PostgreSQL database with 100,000 enrolments…", flush=True)
    try:
        postgres_database(env, DATABASE, (["migrate", "--noinput"], ["collectstatic", "--noinput"]))
        os.environ.update(env)
    except Exception as error:  # no PostgreSQL here: say so and stop
        sys.exit(f"Quality bench needs PostgreSQL ({error}).")
    import django

    django.setup()
    from assessment import reports, rounds, scoring
    from assessment.models import RoundSnapshot
    from core.pdf import render_pdf

    authority, institutions, places, answers = make_data()
    ids = [institution.pk for institution in institutions]
    evaluation = rounds.open_round(
        authority=authority,
        framework=framework(),
        name="Bench",
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
        institutions=institutions,
    )
    rounds.compute(evaluation)  # warm-up, and the first storing of the values
    samples = {"sql": [], "round": []}
    for repeat in range(REPEATS):
        turns = ["sql", "round"] if repeat % 2 == 0 else ["round", "sql"]
        for turn in turns:
            started = time.perf_counter()
            hand_written(ids) if turn == "sql" else rounds.compute(evaluation)
            samples[turn].append(time.perf_counter() - started)
    stored = rounds.values_of(evaluation)
    expected = hand_written(ids)
    for n, code in enumerate(METRICS):
        for pk in ids:
            want = scoring.rounded(expected[code][pk])
            if stored[pk][f"D{n}"] != want:
                sys.exit(f"Figures differ: {code} of {pk}: {stored[pk][f'D{n}']} ≠ {want}")
    sql, computed = statistics.median(samples["sql"]), statistics.median(samples["round"])
    print(
        f"\nQuality round on PostgreSQL ({INSTITUTIONS} institutions, {places:,} enrolments, "
        f"{answers:,} evaluation answers; median of {REPEATS} alternating runs)"
    )
    print(f"  {'two hand-written SQL aggregations (reference)':<60}{sql * 1000:>8.0f} ms   1.00")
    print(
        f"  {'rounds.compute: six metrics, 300 values checked and kept':<60}"
        f"{computed * 1000:>8.0f} ms   {computed / sql:.2f} × reference"
    )

    rounds.finalise(evaluation)
    snapshot = RoundSnapshot.objects.filter(round=evaluation).first()
    report = reports.QualityReport(snapshot)
    timings, pages = [], 0
    for _repeat in range(3):
        started = time.perf_counter()
        pdf = render_pdf("assessment/quality_report_pdf.html", {"report": report}, language="es")
        timings.append(time.perf_counter() - started)
        pages = pdf.pages
    print(
        f"  {'quality report PDF (' + str(pages) + ' pages), median of 3 renders':<60}"
        f"{statistics.median(timings) * 1000:>8.0f} ms"
    )


if __name__ == "__main__":
    main()
