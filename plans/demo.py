"""The demo's curriculum plans: a grassroots plan for Yunnan and a degree plan for Sichuan,
built from the demo's courses."""

from typing import TypedDict

from django.db import transaction

from core.demo import translate
from core.demo_parts import demo_part
from core.models import Region
from core.services import alias_in_every_locale, default_home_page
from courses.models import CoursePage
from curriculum.models import CompetencyFramework, ServiceField, TrainingTier
from plans.models import CurriculumPlanPage, PlanCourse


class PlanSpec(TypedDict):
    slug: str
    title: str
    intro: str
    tier: str  # codes and names of the reference data
    field: str
    region: str
    target: str
    objectives: str
    min_practice_share: int
    courses: list[tuple[str, str]]  # (course code, required or elective)


PLANS: list[PlanSpec] = [
    {
        "slug": "plan-base-asistencia-yunnan",
        "title": "Plan de capacitación de base en asistencia social — Yunnan",
        "intro": "Formación sistemática para el personal de comités vecinales y de aldea y de los servicios sociales de base.",
        "tier": "grassroots",
        "field": "social-assistance",
        "region": "Yunnan",
        "target": "Personal de comités de residentes y de aldeanos, centros de servicios comunitarios y departamentos de servicios sociales de base.",
        "objectives": "Atender y orientar a las personas sobre sus derechos\nRealizar visitas domiciliarias y evaluaciones iniciales\nMovilizar los recursos de la comunidad",
        "min_practice_share": 40,
        "courses": [
            ("CV-101", "required"),
            ("CV-110", "required"),
            ("CV-140", "required"),
            ("TS-205", "elective"),
        ],
    },
    {
        "slug": "plan-grado-salud-mental-sichuan",
        "title": "Plan de grado: salud mental y crisis — Sichuan",
        "intro": "Itinerario de la licenciatura en trabajo social con orientación a la salud mental y la respuesta a emergencias.",
        "tier": "formal-education",
        "field": "mental-health",
        "region": "Sichuan",
        "target": "Estudiantes de grado de trabajo social y de carreras afines.",
        "objectives": "Integrar los valores y la ética en toda intervención\nIntervenir en situaciones de crisis\nTrabajar con familias y comunidades",
        "min_practice_share": 50,
        "courses": [
            ("TS-101", "required"),
            ("TS-205", "required"),
            ("TS-301", "required"),
            ("TS-220", "elective"),
        ],
    },
]


# The Sichuan degree plan in Chinese, as its translator gave it in wagtail-localize's editor.
CHINESE_PLAN = {
    "Plan de grado: salud mental y crisis — Sichuan": "本科培养方案：精神健康与危机干预（四川）",
    "plan-grado-salud-mental-sichuan": "benke-jingshen-jiankang-sichuan",
    "Itinerario de la licenciatura en trabajo social con orientación a la salud mental y la respuesta a emergencias.": "社会工作本科专业方向，侧重精神健康与突发事件应对。",
    "Estudiantes de grado de trabajo social y de carreras afines.": "社会工作及相关专业的本科生。",
    "Integrar los valores y la ética en toda intervención\nIntervenir en situaciones de crisis\nTrabajar con familias y comunidades": "在每一次介入中融入专业价值与伦理\n在危机情境中开展介入\n与家庭和社区开展工作",
}  # fmt: skip


@demo_part
@transaction.atomic
def load() -> list[str]:
    created: list[str] = []
    home = default_home_page()
    framework = CompetencyFramework.objects.get(code="praxis-tres-niveles")
    for spec in PLANS:
        if CurriculumPlanPage.objects.filter(slug=spec["slug"]).exists():
            continue
        plan = CurriculumPlanPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            tier=TrainingTier.objects.get(code=spec["tier"]),
            service_field=ServiceField.objects.get(code=spec["field"]),
            region=Region.objects.get(name=spec["region"], parent=None),
            target_trainees=spec["target"],
            objectives=spec["objectives"],
            framework=framework,
            min_practice_share=spec["min_practice_share"],
            ethics_competency=framework.competencies.get(code="V"),
        )
        plan.plan_courses = [
            PlanCourse(course=CoursePage.objects.get(code=code, locale=home.locale), kind=kind)
            for code, kind in spec["courses"]
        ]
        home.add_child(instance=plan)
        plan.save_revision().publish()
        alias_in_every_locale(plan)
        created.append(f"curriculum plan {plan.title}")
    sichuan = CurriculumPlanPage.objects.get(
        slug="plan-grado-salud-mental-sichuan", locale__language_code="es"
    )
    if translated := translate(sichuan, "zh-hans", CHINESE_PLAN):
        created.append(f"curriculum plan {translated.title} (zh-hans)")
    return created
