"""The quality part of the demo: a course evaluation answered by trainees, two earlier years of
finished offerings in Sichuan, the Sichuan authority's 100-point framework of 19 indicators in
four dimensions, and three yearly rounds of the Sichuan authority — two finalised, so that
trends show, and the current one open with a value still to enter. Deterministic; a second
load changes nothing."""

import random
from collections.abc import Container, Iterable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TypedDict

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessment import rounds
from assessment.demo_translations import framework_words
from assessment.models import EvaluationRound, IndicatorFramework
from core.demo import TRANSLATED_INTO, translate
from core.demo_parts import demo_part
from core.models import Institution, PraxisDocument, User
from courses import surveys
from courses.models import (
    ContinuingEducationRecord,
    CourseOffering,
    CoursePage,
    Enrolment,
    Questionnaire,
)

AUTHORITY = "asuntos-civiles-sichuan"
EVALUATOR = "evaluador@praxis.example"
EVALUATED = ["universidad-del-suroeste", "instituto-mianyang"]
FRAMEWORK_NAME = "Marco de calidad de la formación en trabajo social (100 puntos)"
QUESTIONNAIRE_NAME = "Evaluación del curso por los participantes (nivel 1)"
# Courses given again in earlier years (years back: 2, 1) and, for Mianyang, this year (0).
HISTORY = [("TS-205", (2, 1)), ("TS-101", (2, 1)), ("MY-101", (2, 1, 0))]
COMMENTS = [
    "Más casos prácticos de la comunidad, por favor.",
    "Las sesiones de supervisión fueron lo más útil.",
    "El horario de tarde es difícil para quien trabaja a turnos.",
    "Materiales claros y bien organizados.",
    "Me gustaría más tiempo para el juego de roles.",
]


class BandData(TypedDict):
    bound: Decimal
    share: int


class IndicatorData(TypedDict):
    """An indicator as its block's value."""

    code: str
    name: str
    description: str
    tag: str
    weight: Decimal
    source: str
    direction: str
    method: str
    floor: Decimal | None
    target: Decimal
    bands: list[BandData]
    minimum: Decimal | None
    maximum: Decimal | None


def _indicator(code: str, name: str, source: str, weight: int, *, method: str = "linear",
               floor: int | None = None, target: int | str,
               bands: Iterable[tuple[int, int]] = (), direction: str = "higher", tag: str = "",
               low: int | None = None, high: int | None = None,
               description: str = "") -> IndicatorData:  # fmt: skip
    return {
        "code": code,
        "name": name,
        "description": description,
        "tag": tag,
        "weight": Decimal(weight),
        "source": source,
        "direction": direction,
        "method": method,
        "floor": None if floor is None else Decimal(floor),
        "target": Decimal(target),
        "bands": [{"bound": Decimal(b), "share": s} for b, s in bands],
        "minimum": None if low is None else Decimal(low),
        "maximum": None if high is None else Decimal(high),
    }


DIMENSIONS = [
    ("A", "Cualificación institucional", 20, [
        _indicator("A1", "Autorización de formación vigente", "manual", 25, method="threshold",
                   target=1, low=0, high=1, tag="iso-management",
                   description="1 si la institución tiene su autorización vigente; 0 si no."),
        _indicator("A2", "Bases de prácticas con convenio vigente", "bases_with_agreement", 25,
                   floor=50, target=100, tag="iso-management"),
        _indicator("A3", "Sistema de gestión de la calidad", "manual", 25, method="bands",
                   target=3, bands=[(1, 40), (2, 70), (3, 100)], low=0, high=3,
                   tag="iso-management",
                   description="0 inexistente, 1 documentado, 2 aplicado, 3 revisado cada año."),
        _indicator("A4", "Instalaciones y recursos de aprendizaje", "manual", 25, floor=50,
                   target=90, low=0, high=100, tag="iso-management",
                   description="Puntuación de la visita de verificación, de 0 a 100."),
    ]),
    ("B", "Diseño del programa y horas", 25, [
        _indicator("B1", "Proporción de práctica en el currículo", "practice_share", 30,
                   floor=30, target=50, tag="iso-design"),
        _indicator("B2", "Cobertura de contenidos de ética", "ethics_coverage", 20, floor=30,
                   target=80, tag="iso-design"),
        _indicator("B3", "Horas de prácticas cumplidas", "placement_hours_completion", 25,
                   floor=60, target=100, tag="iso-delivery"),
        _indicator("B4", "Cumplimiento de la supervisión", "supervision_compliance", 25,
                   floor=50, target=100, tag="iso-delivery"),
    ]),
    ("C", "Equipo docente", 25, [
        _indicator("C1", "Docentes a tiempo completo (relación TC/TP)", "full_time_share", 25,
                   floor=30, target=60, tag="iso-management"),
        _indicator("C2", "Horas impartidas por profesionales de primera línea",
                   "practitioner_teaching_share", 25, method="bands", target=20,
                   bands=[(10, 50), (20, 100)], tag="iso-delivery"),
        _indicator("C3", "Docentes con certificado profesional", "certified_faculty_share", 25,
                   floor=40, target=80, tag="iso-management"),
        _indicator("C4", "Estudiantes por supervisor académico", "trainees_per_supervisor", 25,
                   direction="lower", floor=15, target=6, tag="iso-delivery"),
    ]),
    ("D", "Resultados y satisfacción", 30, [
        _indicator("D1", "Tasa de finalización", "completion_rate", 20, floor=60, target=90,
                   tag="kirkpatrick-2"),
        _indicator("D2", "Tasa de aprobación", "pass_rate", 15, floor=60, target=95,
                   tag="kirkpatrick-2"),
        _indicator("D3", "Nota final media", "mean_final_score", 15, floor=60, target=85,
                   tag="kirkpatrick-2"),
        _indicator("D4", "Satisfacción de los participantes", "satisfaction", 20, floor=3,
                   target="4.5", tag="kirkpatrick-1"),
        _indicator("D5", "Respuesta a la evaluación de los cursos", "survey_response_rate", 10,
                   floor=30, target=80, tag="kirkpatrick-1"),
        _indicator("D6", "Horas de formación continua impartidas", "ce_hours_delivered", 10,
                   method="bands", target=500, bands=[(100, 50), (500, 100)],
                   tag="kirkpatrick-4"),
        _indicator("D7", "Valoración de los empleadores", "manual", 10, floor=50, target=90,
                   low=0, high=100, tag="kirkpatrick-3",
                   description="Encuesta anual a los empleadores de los participantes, 0 a 100."),
    ]),
]  # fmt: skip
RATINGS = [("Excelente", 90), ("Bueno", 75), ("Aceptable", 60), ("Insuficiente", 0)]
# Manual values by institution, for the rounds two years back, one year back and now.
MANUAL_VALUES: dict[str, dict[str, tuple[int | None, ...]]] = {
    "universidad-del-suroeste": {
        "A1": (1, 1, 1), "A3": (2, 3, 3), "A4": (78, 82, 85), "D7": (70, 76, 80),
    },
    "instituto-mianyang": {
        "A1": (1, 1, 1), "A3": (1, 1, 2), "A4": (60, 64, 70), "D7": (65, 62, None),
    },
}  # fmt: skip
# A tiny valid PDF for the demo's evidence documents.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# The questionnaire as its translators gave it in wagtail-localize's editor.
QUESTIONNAIRE_TRANSLATIONS = {
    "zh-hans": {
        QUESTIONNAIRE_NAME: "学员课程评价（第一层次）",
        "Tus respuestas nos ayudan a mejorar el curso. Son anónimas.": "你的回答帮助我们改进课程，回答是匿名的。",
        "Los contenidos son útiles para mi trabajo.": "课程内容对我的工作有用。",
        "El equipo docente explicó con claridad.": "教学团队讲解清楚。",
        "Las prácticas y los casos fueron adecuados.": "实践练习和案例安排得当。",
        "Recomendaría este curso a un compañero.": "我会向同事推荐这门课程。",
        "¿Qué mejorarías del curso?": "你希望这门课程在哪些方面改进？",
    },
    "en": {
        QUESTIONNAIRE_NAME: "Participants' course evaluation (level 1)",
        "Tus respuestas nos ayudan a mejorar el curso. Son anónimas.": "Your answers help us improve the course. They are anonymous.",
        "Los contenidos son útiles para mi trabajo.": "The content is useful for my work.",
        "El equipo docente explicó con claridad.": "The teaching team explained clearly.",
        "Las prácticas y los casos fueron adecuados.": "The practice and the cases were suitable.",
        "Recomendaría este curso a un compañero.": "I would recommend this course to a colleague.",
        "¿Qué mejorarías del curso?": "What would you improve in the course?",
    },
}


def _questionnaire(created: list[str]) -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(
        name=QUESTIONNAIRE_NAME, locale__language_code="es"
    ).first()
    if questionnaire is None:
        questionnaire = Questionnaire.objects.create(
            name=QUESTIONNAIRE_NAME,
            introduction="Tus respuestas nos ayudan a mejorar el curso. Son anónimas.",
            questions=[
                ("rating", {"prompt": "Los contenidos son útiles para mi trabajo."}),
                ("rating", {"prompt": "El equipo docente explicó con claridad."}),
                ("rating", {"prompt": "Las prácticas y los casos fueron adecuados."}),
                ("rating", {"prompt": "Recomendaría este curso a un compañero."}),
                ("comment", {"prompt": "¿Qué mejorarías del curso?"}),
            ],
        )
        created.append(f"questionnaire {questionnaire}")
    for language, words in QUESTIONNAIRE_TRANSLATIONS.items():
        if translated := translate(questionnaire, language, words):
            created.append(f"questionnaire {translated} ({language})")
    return questionnaire


def _answer_all(
    offering: CourseOffering, share: float, rng: random.Random, skip: Container[str] = ()
) -> int:
    """Trainees of the offering answer its evaluation, a share of them, deterministically."""
    answered = 0
    questionnaire = offering.questionnaire
    assert questionnaire is not None  # the demo gives the offering one before it answers
    for enrolment in offering.enrolments.filter(status__in=surveys.ANSWERING).order_by("pk"):
        if enrolment.trainee.user.email in skip or rng.random() > share:
            continue
        if surveys.state(enrolment) != "answer":
            continue
        answers = {
            pk: str(rng.choice([3, 4, 4, 4, 5, 5])) for pk, _p in questionnaire.rating_questions()
        }
        for pk, _prompt in questionnaire.comment_questions():
            if rng.random() < 0.4:
                answers[pk] = rng.choice(COMMENTS)
        surveys.submit_answers(enrolment, answers)
        answered += 1
    return answered


def _history(questionnaire: Questionnaire, created: list[str]) -> None:
    """Earlier runs of some Sichuan courses, finished, with outcomes, answers and hours."""
    from core.demo import TRAINEE
    from courses.models import Trainee

    rng = random.Random(1929)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    people = list(Trainee.objects.exclude(user__email=TRAINEE[0]).order_by("pk"))
    for code, years_back in HISTORY:
        course = CoursePage.objects.filter(code=code, locale__language_code="es").first()
        if course is None:
            continue
        for back in years_back:
            starts_on = today - timedelta(days=365 * back + 150)
            offering_code = f"{code}-{starts_on.year}H"
            if CourseOffering.objects.filter(code=offering_code).exists():
                continue
            opens = timezone.make_aware(datetime.combine(starts_on - timedelta(days=40), time(9)))
            offering = CourseOffering.objects.create(
                course=course,
                institution=course.institution,
                code=offering_code,
                term=course.institution.terms.current(starts_on),
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=60),
                delivery_mode=course.delivery_mode,
                language="es",
                capacity=30,
                enrolment_opens_at=opens,
                enrolment_closes_at=opens + timedelta(days=30),
                status=CourseOffering.Status.FINISHED,
                questionnaire=questionnaire,
            )
            ended_at = timezone.make_aware(datetime.combine(offering.ends_on, time(18)))
            completing = 0.68 + 0.08 * (2 - back)
            places = []
            for trainee in rng.sample(people, 24):
                roll = rng.random()
                score = Decimal(min(98, max(35, round(rng.gauss(70 + 4 * (2 - back), 10)))))
                final_score: Decimal | None
                if roll < completing:
                    status, final_score = Enrolment.Status.COMPLETED, max(score, course.pass_mark)
                elif roll < 0.93:
                    status, final_score = Enrolment.Status.FAILED, min(score, course.pass_mark - 5)
                else:
                    status, final_score = Enrolment.Status.NO_SHOW, None
                places.append(
                    Enrolment(
                        offering=offering,
                        trainee=trainee,
                        status=status,
                        enrolled_at=opens,
                        ended_at=ended_at,
                        final_score=final_score,
                    )
                )
            Enrolment.objects.bulk_create(places)
            ContinuingEducationRecord.objects.bulk_create(
                ContinuingEducationRecord(
                    trainee=place.trainee,
                    kind=ContinuingEducationRecord.Kind.COURSE,
                    institution=offering.institution,
                    title=course.title,
                    hours=course.hours["total"],
                    completed_on=offering.ends_on,
                    enrolment=place,
                )
                for place in Enrolment.objects.filter(
                    offering=offering, status=Enrolment.Status.COMPLETED
                ).select_related("trainee")
            )
            answered = _answer_all(offering, 0.45 + 0.1 * (2 - back), rng)
            created.append(f"offering {offering.code} ({len(places)} places, {answered} answers)")


def _framework(created: list[str]) -> IndicatorFramework:
    framework = IndicatorFramework.objects.filter(
        name=FRAMEWORK_NAME, locale__language_code="es"
    ).first()
    if framework is not None:
        return framework
    framework = IndicatorFramework(
        authority=Institution.objects.get(slug=AUTHORITY),
        name=FRAMEWORK_NAME,
        description="Evaluación anual de las instituciones de formación de la provincia, según "
        "el esquema de 100 puntos: cualificación, diseño y horas, equipo docente, resultados.",
        dimensions=[
            (
                "dimension",
                {"code": code, "name": name, "points": Decimal(points), "indicators": indicators},
            )
            for code, name, points, indicators in DIMENSIONS
        ],
        ratings=[("rating", {"label": label, "minimum": Decimal(m)}) for label, m in RATINGS],
    )
    framework.full_clean()
    framework.save()
    # Its first version stands as the authority's review approved it (assessment's migration
    # 0003 gives frameworks that review workflow); later changes go through it.
    evaluator = User.objects.get(email=EVALUATOR)
    framework.save_revision(user=evaluator).publish(user=evaluator, skip_permission_checks=True)
    framework.refresh_from_db()
    created.append(f"indicator framework {framework}")
    # Translated before any round closes, so that every report names it in its language.
    for language in TRANSLATED_INTO:
        translated = translate(framework, language, framework_words(language))
        created.append(f"indicator framework {translated} ({language})")
    return framework


def _evidence(authority: Institution, title: str) -> PraxisDocument:
    document = PraxisDocument(title=title, collection=authority.collection)
    document.file.save(f"{title[:40]}.pdf", ContentFile(EVIDENCE_PDF), save=False)
    document.save()
    return document


def _rounds(framework: IndicatorFramework, created: list[str]) -> None:
    authority = Institution.objects.get(slug=AUTHORITY)
    evaluator = User.objects.get(email=EVALUATOR)
    institutions = list(Institution.objects.filter(slug__in=EVALUATED).order_by("name"))
    today = timezone.localdate()
    for index, back in enumerate((2, 1, 0)):
        ends_on = today - timedelta(days=365 * back)
        starts_on = ends_on - timedelta(days=364)
        name = f"Evaluación anual {starts_on.year}–{ends_on.year}"
        if EvaluationRound.objects.filter(authority=authority, name=name).exists():
            continue
        period = f"{starts_on.year}–{ends_on.year}"
        evaluation = rounds.open_round(
            authority=authority,
            framework=framework,
            name=name,
            names={
                "name_es": name,
                "name_zh_hans": f"{period}年度评估",
                "name_en": f"Annual review {period}",
            },
            starts_on=starts_on,
            ends_on=ends_on,
            institutions=institutions,
            by=evaluator,
        )
        rounds.compute(evaluation)
        for institution in institutions:
            for code, values in MANUAL_VALUES[institution.slug].items():
                if values[index] is None:
                    continue  # still to enter in the open round
                evidence = (
                    [_evidence(authority, f"{code} {institution.slug} {ends_on.year}")]
                    if code == "A1"
                    else []
                )
                rounds.enter_value(
                    evaluation,
                    institution,
                    code,
                    str(values[index]),
                    note="Verificado en la visita anual." if code == "A4" else "",
                    evidence=evidence,
                    by=evaluator,
                )
        if back:
            finalised_at = timezone.make_aware(
                datetime.combine(ends_on + timedelta(days=30), time(10))
            )
            rounds.finalise(evaluation, by=evaluator, now=finalised_at)
        created.append(f"evaluation round {evaluation}")


def _current_answers(questionnaire: Questionnaire, created: list[str]) -> None:
    """The demo's own running and finished offerings ask the evaluation too; the demo trainee
    is left to answer theirs."""
    from core.demo import TRAINEE

    rng = random.Random(2029)  # noqa: S311 - demo data, not secrets
    current = CourseOffering.objects.filter(status__in=surveys.ASKING, questionnaire=None)
    for offering in current.order_by("code"):
        offering.questionnaire = questionnaire
        offering.save(update_fields=["questionnaire"])
        finished = offering.status == CourseOffering.Status.FINISHED
        answered = _answer_all(offering, 0.7 if finished else 0.3, rng, skip={TRAINEE[0]})
        created.append(f"course evaluation of {offering.code} ({answered} answers)")


@demo_part
@transaction.atomic
def load() -> list[str]:
    created: list[str] = []
    questionnaire = _questionnaire(created)
    _current_answers(questionnaire, created)
    _history(questionnaire, created)
    framework = _framework(created)
    _rounds(framework, created)
    return created
