"""The courses' part of the demo: twelve published courses in three institutions, over eight
fields of service. Loaded after the curriculum's part; a second load changes nothing."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from core.demo import content_page, translate
from core.demo_parts import demo_part
from core.models import Institution
from core.services import alias_in_every_locale, default_home_page
from courses import demo_invitations, demo_offerings, demo_privacy, demo_review
from courses.demo_translations import TRANSLATED_COURSES, words
from courses.models import CourseIndexPage, CoursePage, LearningOutcome
from curriculum.models import (
    Competency,
    ProfessionalLevel,
    ServiceField,
    ServiceMethod,
    TeachingMaterial,
    TrainingTier,
)

CATALOG = {
    "es": {
        "title": "Catálogo de cursos",
        "intro": "Cursos de todas las instituciones formadoras, por ámbito de servicio, nivel y modalidad.",
        "body": "Cada curso muestra sus resultados de aprendizaje, el plan por unidades, las horas de teoría y de práctica y la evaluación.",
    },
    "zh-hans": {
        "title": "课程目录",
        "slug": "kecheng",
        "intro": "各培训机构的课程，可按服务领域、培训层次和授课方式筛选。",
        "body": "每门课程都列出学习成果、逐单元教学计划、理论与实践学时以及考核方式。",
    },
    "en": {
        "title": "Course catalog",
        "slug": "courses",
        "intro": "Courses from every training institution, by field of service, tier and delivery mode.",
        "body": "Each course shows its learning outcomes, its unit-by-unit plan, its theory and practice hours and its assessment.",
    },
}

ASSESSMENTS = {
    "degree": [
        ("Análisis de caso escrito", "case-analysis", 40),
        ("Evaluación de la práctica por el supervisor", "practice-evaluation", 40),
        ("Portafolio reflexivo", "portfolio", 20),
    ],
    "short": [
        ("Participación en los talleres", "participation", 30),
        ("Presentación de un plan de intervención", "presentation", 70),
    ],
}

READINGS = [
    ("Payne, M.", 2014, "Modern Social Work Theory", "Palgrave Macmillan", "978-1-137-40047-8"),
    (
        "Miller, W. R.; Rollnick, S.",
        2013,
        "Motivational Interviewing: Helping People Change",
        "Guilford Press",
        "978-1-60918-227-4",
    ),
    (
        "Roberts, A. R.",
        2005,
        "Crisis Intervention Handbook",
        "Oxford University Press",
        "978-0-19-517991-0",
    ),
    (
        "Reamer, F. G.",
        2018,
        "Social Work Values and Ethics",
        "Columbia University Press",
        "978-0-231-18829-3",
    ),
]

# slug, institution, code, title, summary, fields, methods, tier, level, mode, credits,
# assessment, [(unit title, theory, practice, supervision, topics)], [(outcome, competency codes)]
COURSES = [
    ("intervencion-en-crisis", "universidad-del-suroeste", "TS-301", "Intervención en crisis y emergencias",
     "Cómo estabilizar a personas y familias tras una emergencia, evaluar el riesgo y activar la red de apoyo comunitaria.",
     ["emergency", "mental-health"], ["psychological-counselling", "relief"], "formal-education", "social-worker", "blended", "3",
     "degree",
     [("Modelos de intervención en crisis", 6, 4, 2, ["Modelo de siete etapas de Roberts", "Primeros auxilios psicológicos"]),
      ("Evaluación estructurada del riesgo", 4, 8, 2, ["Riesgo suicida", "Violencia en el hogar"]),
      ("Coordinación con servicios de emergencia", 4, 10, 4, ["Protocolos de derivación", "Trabajo en red"])],
     [("Aplicar un modelo de intervención en crisis con una familia afectada", ["P.2"]),
      ("Evaluar el riesgo de forma estructurada y documentarlo", ["P.1", "V.2"])]),
    ("entrevista-motivacional", "universidad-del-suroeste", "TS-205", "Entrevista motivacional en los servicios sociales",
     "Técnicas de entrevista centradas en la persona para acompañar procesos de cambio en asistencia social y salud mental.",
     ["social-assistance", "mental-health"], ["psychological-counselling", "behaviour-modification"], "formal-education", "assistant-social-worker", "in-person", "2",
     "degree",
     [("El espíritu de la entrevista motivacional", 4, 2, 0, ["Colaboración y autonomía", "Evocación"]),
      ("Habilidades OARS", 4, 8, 2, ["Preguntas abiertas", "Reflejos", "Resúmenes"]),
      ("Planificar el cambio", 2, 6, 2, ["Discurso de cambio", "Plan de acción"])],
     [("Conducir una entrevista con preguntas abiertas y reflejos", ["P.1"]),
      ("Respetar la autonomía de la persona en el proceso de cambio", ["V.1"])]),
    ("etica-profesional", "universidad-del-suroeste", "TS-101", "Ética profesional del trabajo social",
     "Valores, código de ética y resolución de dilemas en la práctica cotidiana.",
     ["social-welfare", "charity"], ["humanistic-care"], "formal-education", "", "in-person", "2",
     "degree",
     [("Valores de la profesión", 6, 0, 0, ["Dignidad", "Justicia social"]),
      ("Dilemas éticos en la práctica", 4, 4, 2, ["Confidencialidad", "Consentimiento informado"])],
     [("Resolver un dilema ético de forma argumentada", ["V.2"]),
      ("Explicar los valores que orientan la profesión", ["V.1"])]),
    ("trabajo-social-familiar", "universidad-del-suroeste", "TS-220", "Trabajo social con familias",
     "Evaluación e intervención con familias en situación de vulnerabilidad, con enfoque sistémico.",
     ["family", "social-assistance"], ["relationship-adjustment"], "formal-education", "social-worker", "in-person", "3",
     "degree",
     [("Teoría sistémica y ecológica", 6, 2, 0, ["Genograma", "Ecomapa"]),
      ("Entrevista familiar", 4, 8, 2, ["Alianza de trabajo", "Circularidad"]),
      ("Planes de intervención familiar", 4, 8, 4, ["Objetivos compartidos", "Seguimiento"])],
     [("Elaborar un ecomapa y un genograma de una familia", ["T.1"]),
      ("Diseñar un plan de intervención familiar con la familia", ["P.1", "P.3"])]),
    ("correccion-comunitaria", "universidad-del-suroeste", "TS-340", "Trabajo social en la corrección comunitaria",
     "Acompañamiento de personas en medidas de corrección comunitaria y prevención de la reincidencia.",
     ["corrections", "crime-prevention"], ["behaviour-modification", "conflict-resolution"], "continuing-education", "social-worker", "blended", "2",
     "short",
     [("Marco legal de la corrección comunitaria", 6, 0, 0, ["Medidas y obligaciones", "Derechos de la persona"]),
      ("Planes individuales de reinserción", 4, 8, 2, ["Evaluación de necesidades", "Redes de apoyo"])],
     [("Elaborar un plan individual de reinserción", ["P.1", "T.2"])]),
    ("trabajo-comunitario-basico", "instituto-mianyang", "MY-101", "Trabajo social comunitario básico",
     "Herramientas básicas para el personal de base: diagnóstico del barrio, visitas a domicilio y registro de casos.",
     ["community", "social-assistance"], ["relief", "humanistic-care"], "continuing-education", "", "in-person", "1",
     "short",
     [("Diagnóstico participativo del barrio", 4, 4, 0, ["Mapa de recursos", "Entrevistas a vecinos"]),
      ("Visitas a domicilio y registro de casos", 2, 6, 2, ["Protocolo de visita", "Ficha de caso"])],
     [("Elaborar el mapa de recursos de un barrio", ["P.3"]),
      ("Actuar con respeto y confidencialidad en las visitas", ["V.1"])]),
    ("cuidado-personas-mayores", "colegio-vocacional-kunming", "CV-110", "Atención social a personas mayores",
     "Servicios comunitarios y de día para personas mayores: evaluación, cuidados y apoyo a familias cuidadoras.",
     ["social-welfare", "community"], ["humanistic-care", "relief"], "grassroots", "assistant-social-worker", "in-person", "2",
     "short",
     [("Envejecimiento y necesidades sociales", 4, 2, 0, ["Dependencia", "Soledad no deseada"]),
      ("Visitas domiciliarias", 2, 10, 2, ["Guion de visita", "Registro"]),
      ("Grupos de apoyo a cuidadores", 2, 6, 2, ["Sobrecarga del cuidador", "Respiro familiar"])],
     [("Realizar una visita domiciliaria y registrar la evaluación", ["P.1"]),
      ("Facilitar un grupo de apoyo para cuidadores", ["P.3"])]),
    ("rehabilitacion-comunitaria", "colegio-vocacional-kunming", "CV-140", "Rehabilitación basada en la comunidad",
     "Apoyo a personas con discapacidad y a sus familias desde los recursos del barrio.",
     ["disability", "community"], ["relief", "relationship-adjustment"], "grassroots", "assistant-social-worker", "workplace", "2",
     "short",
     [("Modelo social de la discapacidad", 4, 0, 0, ["Derechos", "Accesibilidad"]),
      ("Mapa de recursos comunitarios", 2, 8, 2, ["Recursos formales", "Redes informales"])],
     [("Identificar los recursos comunitarios de un barrio", ["P.3", "T.2"])]),
    ("asistencia-social-basica", "colegio-vocacional-kunming", "CV-101", "Asistencia social básica para comités vecinales",
     "Prestaciones de asistencia social, acceso a derechos y primera atención en comités vecinales y de aldea.",
     ["social-assistance"], ["relief"], "grassroots", "", "in-person", "1.5",
     "short",
     [("Prestaciones de asistencia social", 6, 0, 0, ["Renta mínima", "Ayudas temporales"]),
      ("Primera atención y derivación", 2, 6, 2, ["Acogida", "Derivación"])],
     [("Orientar a una persona sobre las prestaciones a las que tiene derecho", ["T.2"])]),
    ("mediacion-vecinal", "centro-formacion-shenzhen", "CF-210", "Mediación de conflictos vecinales",
     "Técnicas de mediación para conflictos entre vecinos, en comunidades y en la gestión de edificios.",
     ["dispute-mediation", "community"], ["conflict-resolution"], "continuing-education", "social-worker", "in-person", "1.5",
     "short",
     [("El proceso de mediación", 4, 2, 0, ["Fases", "Neutralidad"]),
      ("Práctica de mediación con juegos de roles", 2, 8, 2, ["Escucha activa", "Acuerdos"])],
     [("Conducir una sesión de mediación entre vecinos", ["P.3", "V.2"])]),
    ("asistencia-empleados", "centro-formacion-shenzhen", "CF-230", "Programas de asistencia a los empleados",
     "Diseño y gestión de programas de asistencia a empleados en empresas y organizaciones.",
     ["employee-assistance", "employment"], ["psychological-counselling"], "management", "senior-social-worker", "blended", "2",
     "short",
     [("Modelos de programas de asistencia", 6, 0, 0, ["Servicios internos y externos", "Confidencialidad"]),
      ("Diagnóstico organizacional", 4, 6, 2, ["Encuestas", "Grupos focales"])],
     [("Diseñar un programa de asistencia para una empresa", ["T.2", "P.3"])]),
    ("prevencion-drogas-jovenes", "centro-formacion-shenzhen", "CF-250", "Prevención del consumo de drogas en jóvenes",
     "Intervenciones preventivas con adolescentes y jóvenes en escuelas y barrios.",
     ["drug-treatment", "school", "crime-prevention"], ["behaviour-modification"], "grassroots", "", "in-person", "1.5",
     "short",
     [("Factores de riesgo y de protección", 4, 0, 0, ["Entorno familiar", "Grupo de iguales"]),
      ("Talleres preventivos en la escuela", 2, 6, 2, ["Diseño de talleres", "Evaluación"])],
     [("Diseñar y conducir un taller preventivo en una escuela", ["P.3"])]),
    ("supervision-equipos", "centro-formacion-shenzhen", "CF-300", "Supervisión de equipos de trabajo social",
     "Supervisión profesional para coordinadores y directivos de servicios sociales.",
     ["social-welfare"], ["humanistic-care"], "management", "senior-social-worker", "blended", "2",
     "short",
     [("Funciones de la supervisión", 4, 0, 2, ["Educativa", "Administrativa", "De apoyo"]),
      ("Supervisión de casos en equipo", 2, 4, 6, ["Presentación de casos", "Cuidado del equipo"])],
     [("Conducir una sesión de supervisión de casos", ["V.2", "P.3"])]),
]  # fmt: skip


def _translations(created: list[str]) -> None:
    """Translate some courses with wagtail-localize, as their translators did in its editor."""
    for language, codes in TRANSLATED_COURSES.items():
        for code in codes:
            source = CoursePage.objects.get(code=code, locale__language_code="es")
            course = translate(source, language, words(language))
            if course is not None:
                created.append(f"course {code} {course.title} ({language})")


def _unit(
    institution: Institution,
    title: str,
    theory: int,
    practice: int,
    supervision: int,
    topics: list[str],
    position: int,
) -> tuple[str, dict[str, Any]]:
    materials = list(
        TeachingMaterial.objects.filter(institution=institution).originals()[
            position : position + 1
        ]
    )
    return (
        "unit",
        {
            "title": title,
            "objectives": [f"Comprender y aplicar: {title.lower()}"],
            "topics": topics,
            "activities": ["Exposición dialogada", "Análisis de casos en grupos pequeños"],
            "readings": [],
            "theory_hours": Decimal(theory),
            "practice_hours": Decimal(practice),
            "supervision_hours": Decimal(supervision),
            "materials": materials,
        },
    )


@demo_part
@transaction.atomic
def load() -> list[str]:
    created: list[str] = []
    content_page(
        default_home_page(), "cursos", CATALOG, CourseIndexPage, created, show_in_menus=True
    )
    competencies = {
        c.code: c for c in Competency.objects.filter(framework__code="praxis-tres-niveles")
    }
    for (slug, institution_slug, code, title, summary, fields, methods, tier, level, mode, credits,
         assessment, units, outcomes) in COURSES:  # fmt: skip
        institution = Institution.objects.get(slug=institution_slug)
        if CoursePage.objects.filter(institution=institution, code=code).exists():
            continue
        page = CoursePage(
            title=title,
            slug=slug,
            code=code,
            summary=summary,
            tier=TrainingTier.objects.get(code=tier),
            professional_level=ProfessionalLevel.objects.filter(code=level).first(),
            delivery_mode=mode,
            credits=Decimal(credits),
            units=[_unit(institution, *unit, position) for position, unit in enumerate(units)],
            assessment=[
                ("component", {"name": name, "method": method, "weight": weight})
                for name, method, weight in ASSESSMENTS[assessment]
            ],
            readings=[
                (
                    "reference",
                    dict(
                        zip(
                            ("authors", "year", "title", "publisher", "identifier"),
                            reading,
                            strict=True,
                        )
                    ),
                )
                for reading in (READINGS if assessment == "degree" else READINGS[:2])
            ],
            materials=[
                ("material", material)
                for material in TeachingMaterial.objects.filter(
                    institution=institution
                ).originals()[:2]
            ],
        )
        page.outcomes = [
            LearningOutcome(text=text, competencies=[competencies[c] for c in codes])
            for text, codes in outcomes
        ]
        assert institution.root_page is not None  # provisioned with the institution
        institution.root_page.specific.add_child(instance=page)
        page.service_fields.set(ServiceField.objects.filter(code__in=fields))
        page.methods.set(ServiceMethod.objects.filter(code__in=methods))
        page.save_revision().publish()
        alias_in_every_locale(page)
        created.append(f"course {code} {title}")
    _translations(created)
    return created


# Then the offerings, with their people and results, and the invitations to them; last, once
# every app has its records, a trainee who asked to be forgotten.
demo_part(demo_offerings.load)
demo_part(demo_invitations.load)
demo_part(demo_review.load)
demo_part(demo_privacy.load, last=True)
