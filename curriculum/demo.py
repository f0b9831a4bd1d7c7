"""The curriculum's part of the demo: two competency frameworks, each institution's course
policies, and teaching materials. Loaded after core's part; a second load changes nothing."""

from typing import TypedDict

from django.core.files.base import ContentFile
from django.db import transaction

from core.demo import TRANSLATED_INTO, translate, words_in
from core.demo_parts import demo_part
from core.models import Institution, PraxisDocument
from curriculum.models import (
    Competency,
    CompetencyFramework,
    InstitutionPolicy,
    ServiceField,
    TeachingMaterial,
    TrainingTier,
)

Kind, Licence = TeachingMaterial.Kind, TeachingMaterial.Licence

# (code, title, description, behaviours)
CompetencySpec = tuple[str, str, str, str]


class FrameworkSpec(TypedDict):
    code: str
    title: str
    source: str
    description: str
    institutions: list[str]  # slugs of the institutions that use it; none for every one
    competencies: list[tuple[str, str, str, str, list[CompetencySpec]]]  # and its parts


THREE_LAYERS: FrameworkSpec = {
    "code": "praxis-tres-niveles",
    "title": "Marco de competencias en tres niveles",
    "source": "Praxis, a partir de la política nacional (art. 6 y 8)",
    "description": "Valores y ética, conocimiento teórico y habilidades prácticas: las tres capas que la política pide combinar en toda formación.",
    "institutions": [],
    "competencies": [
        (
            "V",
            "Valores y ética profesional",
            "Actúa conforme al código de ética y a los valores de la profesión.",
            "",
            [
                (
                    "V.1",
                    "Respeto a la dignidad de las personas",
                    "Reconoce a cada persona como sujeto de derechos.",
                    "Pide consentimiento informado antes de intervenir\nProtege la confidencialidad de la información",
                ),
                (
                    "V.2",
                    "Reflexión ética en situaciones dilemáticas",
                    "Identifica dilemas éticos y los resuelve de forma argumentada.",
                    "Consulta el código de ética ante un dilema\nLleva los dilemas a supervisión",
                ),
            ],
        ),
        (
            "T",
            "Conocimiento teórico",
            "Comprende las teorías que explican la conducta humana y el entorno social.",
            "",
            [
                (
                    "T.1",
                    "Teorías del desarrollo humano y del entorno social",
                    "Explica situaciones con modelos ecológicos y sistémicos.",
                    "Elabora un ecomapa de la familia\nRelaciona la situación con sus determinantes sociales",
                ),
                (
                    "T.2",
                    "Política social y marco legal",
                    "Conoce las políticas de asistencia social y la legislación aplicable.",
                    "Identifica las prestaciones a las que la persona tiene derecho",
                ),
            ],
        ),
        (
            "P",
            "Habilidades prácticas",
            "Interviene con individuos, familias, grupos y comunidades.",
            "",
            [
                (
                    "P.1",
                    "Entrevista y evaluación inicial",
                    "Conduce entrevistas y evalúa necesidades y fortalezas.",
                    "Usa preguntas abiertas y escucha activa\nRegistra la evaluación en el expediente",
                ),
                (
                    "P.2",
                    "Intervención en crisis",
                    "Estabiliza situaciones de crisis y activa la red de apoyo.",
                    "Evalúa el riesgo de forma estructurada\nDeriva a servicios especializados cuando procede",
                ),
                (
                    "P.3",
                    "Trabajo con grupos y comunidades",
                    "Facilita grupos y procesos participativos.",
                    "Diseña y conduce sesiones grupales\nMoviliza recursos comunitarios",
                ),
            ],
        ),
    ],
}

EPAS_2022: FrameworkSpec = {
    "code": "cswe-epas-2022",
    "title": "CSWE 2022 EPAS — Competencias del trabajo social",
    "source": "Council on Social Work Education, Educational Policy and Accreditation Standards 2022",
    "description": "Las nueve competencias de los estándares de acreditación del CSWE (2022).",
    "institutions": ["universidad-del-suroeste"],
    "competencies": [
        ("1", "Demonstrate Ethical and Professional Behavior", "", "", []),
        (
            "2",
            "Advance Human Rights and Social, Racial, Economic, and Environmental Justice",
            "",
            "",
            [],
        ),
        (
            "3",
            "Engage Anti-Racism, Diversity, Equity, and Inclusion (ADEI) in Practice",
            "",
            "",
            [],
        ),
        ("4", "Engage in Practice-Informed Research and Research-Informed Practice", "", "", []),
        ("5", "Engage in Policy Practice", "", "", []),
        (
            "6",
            "Engage with Individuals, Families, Groups, Organizations, and Communities",
            "",
            "",
            [],
        ),
        ("7", "Assess Individuals, Families, Groups, Organizations, and Communities", "", "", []),
        (
            "8",
            "Intervene with Individuals, Families, Groups, Organizations, and Communities",
            "",
            "",
            [],
        ),
        (
            "9",
            "Evaluate Practice with Individuals, Families, Groups, Organizations, and Communities",
            "",
            "",
            [],
        ),
    ],
}

POLICIES = {
    "ethics": "<p>Todo el alumnado y el profesorado se rigen por el código de ética profesional del trabajo social: respeto a la dignidad de las personas, confidencialidad, consentimiento informado y rendición de cuentas. Las faltas se tratan conforme al reglamento de la institución.</p>",
    "attendance": "<p>La asistencia mínima es del 80 % de las horas teóricas y del 100 % de las horas de práctica supervisada. Las ausencias justificadas se recuperan con actividades acordadas con el tutor.</p>",
    "accessibility": "<p>Si necesita adaptaciones (materiales en formatos accesibles, intérprete de lengua de signos, horarios flexibles), escriba a la coordinación del curso antes del inicio. Las adaptaciones no rebajan los objetivos de aprendizaje.</p>",
}

# The policies as their translators gave them in wagtail-localize's editor: (Chinese, English).
POLICY_TRANSLATIONS = {
    "Todo el alumnado y el profesorado se rigen por el código de ética profesional del trabajo social: respeto a la dignidad de las personas, confidencialidad, consentimiento informado y rendición de cuentas. Las faltas se tratan conforme al reglamento de la institución.": (
        "全体学员和教师均遵守社会工作职业伦理守则：尊重人的尊严、保密、知情同意和问责。违规行为按本机构规章处理。",
        "All trainees and teachers follow the social work code of ethics: respect for people's dignity, confidentiality, informed consent and accountability. Breaches are dealt with under the institution's regulations.",
    ),
    "La asistencia mínima es del 80 % de las horas teóricas y del 100 % de las horas de práctica supervisada. Las ausencias justificadas se recuperan con actividades acordadas con el tutor.": (
        "理论学时出勤率不得低于80%，督导下的实践学时须全部出勤。有正当理由的缺勤须通过与导师商定的活动补足。",
        "Attendance must be at least 80 % of the theory hours and 100 % of the supervised practice hours. Excused absences are made up with activities agreed with the tutor.",
    ),
    "Si necesita adaptaciones (materiales en formatos accesibles, intérprete de lengua de signos, horarios flexibles), escriba a la coordinación del curso antes del inicio. Las adaptaciones no rebajan los objetivos de aprendizaje.": (
        "如需合理便利（无障碍格式的材料、手语翻译、弹性时间安排），请在开课前联系课程协调人。合理便利不降低学习目标。",
        "If you need adjustments (materials in accessible formats, a sign language interpreter, flexible hours), write to the course coordinators before the start. Adjustments do not lower the learning objectives.",
    ),
}

# (institution slug, title, kind, language, licence, fields, tier, url or None for a document)
MATERIALS = [
    (
        "universidad-del-suroeste",
        "Manual de entrevista motivacional en servicios sociales",
        Kind.TEXTBOOK_CHAPTER,
        "es",
        Licence.ALL_RIGHTS_RESERVED,
        ["social-assistance", "mental-health"],
        "formal-education",
        None,
    ),
    (
        "universidad-del-suroeste",
        "Caso: la familia Zhou tras el terremoto",
        Kind.CASE_STUDY,
        "es",
        Licence.CC_BY_SA,
        ["emergency", "family"],
        "formal-education",
        None,
    ),
    (
        "universidad-del-suroeste",
        "Diapositivas: teoría ecológica y ecomapas",
        Kind.SLIDE_DECK,
        "es",
        Licence.INSTITUTION,
        ["family", "community"],
        "formal-education",
        None,
    ),
    (
        "universidad-del-suroeste",
        "Vídeo: primera entrevista en un centro de asistencia",
        Kind.VIDEO,
        "es",
        Licence.CC_BY,
        ["social-assistance"],
        "grassroots",
        "https://media.suroeste.example.edu/videos/primera-entrevista",
    ),
    (
        "universidad-del-suroeste",
        "Ejercicio: elaborar un plan de intervención en crisis",
        Kind.EXERCISE,
        "es",
        Licence.CC_BY,
        ["mental-health", "emergency"],
        "formal-education",
        None,
    ),
    (
        "universidad-del-suroeste",
        "Rúbrica de evaluación de la práctica supervisada",
        Kind.ASSESSMENT_INSTRUMENT,
        "es",
        Licence.INSTITUTION,
        ["social-welfare"],
        "formal-education",
        None,
    ),
    (
        "universidad-del-suroeste",
        "Dossier de lecturas: ética profesional",
        Kind.READING_PACK,
        "es",
        Licence.ALL_RIGHTS_RESERVED,
        ["social-welfare", "charity"],
        "continuing-education",
        None,
    ),
    (
        "universidad-del-suroeste",
        "社区矫正个案工作指引",
        Kind.TEXTBOOK_CHAPTER,
        "zh-hans",
        Licence.INSTITUTION,
        ["corrections"],
        "grassroots",
        None,
    ),
    (
        "colegio-vocacional-kunming",
        "Guía práctica de visitas domiciliarias",
        Kind.TEXTBOOK_CHAPTER,
        "es",
        Licence.CC_BY_NC,
        ["social-assistance", "disability"],
        "grassroots",
        None,
    ),
    (
        "colegio-vocacional-kunming",
        "Caso: un centro de día para personas mayores en Wuhua",
        Kind.CASE_STUDY,
        "es",
        Licence.CC_BY,
        ["social-welfare", "community"],
        "grassroots",
        None,
    ),
    (
        "colegio-vocacional-kunming",
        "Diapositivas: rehabilitación basada en la comunidad",
        Kind.SLIDE_DECK,
        "es",
        Licence.INSTITUTION,
        ["disability"],
        "grassroots",
        None,
    ),
    (
        "colegio-vocacional-kunming",
        "Vídeo: grupo de apoyo para cuidadores familiares",
        Kind.VIDEO,
        "es",
        Licence.CC_BY,
        ["family", "disability"],
        "grassroots",
        "https://media.kunming-vocacional.example.edu/videos/grupo-cuidadores",
    ),
    (
        "colegio-vocacional-kunming",
        "Ejercicio: mapa de recursos del barrio",
        Kind.EXERCISE,
        "es",
        Licence.CC_BY_SA,
        ["community"],
        "grassroots",
        None,
    ),
    (
        "colegio-vocacional-kunming",
        "Community-based rehabilitation: a reading pack",
        Kind.READING_PACK,
        "en",
        Licence.CC_BY,
        ["disability"],
        "high-level",
        "https://rehab.example.org/cbr-reading-pack",
    ),
    (
        "centro-formacion-shenzhen",
        "Diapositivas: asistencia a los empleados en la empresa",
        Kind.SLIDE_DECK,
        "es",
        Licence.INSTITUTION,
        ["employee-assistance", "employment"],
        "management",
        None,
    ),
    (
        "centro-formacion-shenzhen",
        "Caso: mediación en un conflicto vecinal en Futian",
        Kind.CASE_STUDY,
        "es",
        Licence.CC_BY,
        ["dispute-mediation", "community"],
        "continuing-education",
        None,
    ),
    (
        "centro-formacion-shenzhen",
        "Ejercicio: juego de roles de mediación",
        Kind.EXERCISE,
        "es",
        Licence.CC_BY_SA,
        ["dispute-mediation"],
        "continuing-education",
        None,
    ),
    (
        "centro-formacion-shenzhen",
        "Cuestionario de satisfacción de los participantes",
        Kind.ASSESSMENT_INSTRUMENT,
        "es",
        Licence.INSTITUTION,
        ["social-welfare"],
        "cadre",
        None,
    ),
    (
        "centro-formacion-shenzhen",
        "青少年禁毒预防教育活动手册",
        Kind.TEXTBOOK_CHAPTER,
        "zh-hans",
        Licence.INSTITUTION,
        ["drug-treatment", "crime-prevention"],
        "grassroots",
        None,
    ),
    (
        "centro-formacion-shenzhen",
        "Vídeo: supervisión de casos en equipo",
        Kind.VIDEO,
        "es",
        Licence.CC_BY,
        ["social-welfare"],
        "management",
        "https://media.shenzhen-formacion.example.org/videos/supervision",
    ),
    (
        "centro-formacion-shenzhen",
        "社会工作者职业伦理案例集",
        Kind.CASE_STUDY,
        "zh-hans",
        Licence.CC_BY,
        ["social-welfare", "social-assistance"],
        "continuing-education",
        None,
    ),
    (
        "universidad-del-suroeste",
        "Supervising practitioners in community placements",
        Kind.READING_PACK,
        "en",
        Licence.CC_BY_NC,
        ["community"],
        "continuing-education",
        "https://open.suroeste.example.edu/readings/supervision",
    ),
]

# What a search result shows under the title, and what the search finds besides it.
# The materials' titles and descriptions in the other languages: (Chinese, English); a material
# written in one of them keeps its words in that one.
MATERIAL_TRANSLATIONS = {
    "社区矫正个案工作指引": ("社区矫正个案工作指引", "Casework in community corrections: a guide"),
    "Community-based rehabilitation: a reading pack": (
        "社区康复阅读资料汇编",
        "Community-based rehabilitation: a reading pack",
    ),
    "青少年禁毒预防教育活动手册": (
        "青少年禁毒预防教育活动手册",
        "Drug prevention education for young people: an activity handbook",
    ),
    "社会工作者职业伦理案例集": (
        "社会工作者职业伦理案例集",
        "Professional ethics for social workers: a casebook",
    ),
    "二十个社会工作实务中的伦理困境案例，涵盖保密、知情同意、双重关系与资源分配，附讨论问题。": (
        "二十个社会工作实务中的伦理困境案例，涵盖保密、知情同意、双重关系与资源分配，附讨论问题。",
        "Twenty cases of ethical dilemmas in social work practice, covering confidentiality, informed consent, dual relationships and the allocation of resources, with questions for discussion.",
    ),
    "Supervising practitioners in community placements": (
        "社区实习中的实务督导",
        "Supervising practitioners in community placements",
    ),
    "Readings on dual supervision: how agency supervisors and academic tutors share the supervision of trainees placed in community organisations.": (
        "关于双重督导的阅读资料：机构督导与学校导师如何共同督导在社区组织实习的学员。",
        "Readings on dual supervision: how agency supervisors and academic tutors share the supervision of trainees placed in community organisations.",
    ),
    "Manual de entrevista motivacional en servicios sociales": (
        "社会服务中的动机式访谈手册",
        "Motivational interviewing in social services: a handbook",
    ),
    "Caso: la familia Zhou tras el terremoto": (
        "案例：地震后的周家",
        "Case: the Zhou family after the earthquake",
    ),
    "Diapositivas: teoría ecológica y ecomapas": (
        "幻灯片：生态系统理论与生态图",
        "Slides: ecological theory and ecomaps",
    ),
    "Vídeo: primera entrevista en un centro de asistencia": (
        "视频：救助中心的首次面谈",
        "Video: a first interview at an assistance centre",
    ),
    "Ejercicio: elaborar un plan de intervención en crisis": (
        "练习：制定危机干预计划",
        "Exercise: drawing up a crisis intervention plan",
    ),
    "Rúbrica de evaluación de la práctica supervisada": (
        "督导实习评估量规",
        "Assessment rubric for supervised practice",
    ),
    "Dossier de lecturas: ética profesional": (
        "阅读资料汇编：专业伦理",
        "Reading pack: professional ethics",
    ),
    "Guía práctica de visitas domiciliarias": (
        "家访实务指南",
        "A practical guide to home visits",
    ),
    "Caso: un centro de día para personas mayores en Wuhua": (
        "案例：五华区的一家老年人日间照料中心",
        "Case: a day centre for older people in Wuhua",
    ),
    "Diapositivas: rehabilitación basada en la comunidad": (
        "幻灯片：社区康复",
        "Slides: community-based rehabilitation",
    ),
    "Vídeo: grupo de apoyo para cuidadores familiares": (
        "视频：家庭照顾者支持小组",
        "Video: a support group for family carers",
    ),
    "Ejercicio: mapa de recursos del barrio": (
        "练习：绘制社区资源地图",
        "Exercise: mapping the neighbourhood's resources",
    ),
    "Diapositivas: asistencia a los empleados en la empresa": (
        "幻灯片：企业员工援助",
        "Slides: employee assistance in the workplace",
    ),
    "Caso: mediación en un conflicto vecinal en Futian": (
        "案例：福田区邻里纠纷调解",
        "Case: mediating a neighbourhood dispute in Futian",
    ),
    "Ejercicio: juego de roles de mediación": (
        "练习：调解角色扮演",
        "Exercise: a mediation role play",
    ),
    "Cuestionario de satisfacción de los participantes": (
        "参与者满意度问卷",
        "Participant satisfaction questionnaire",
    ),
    "Vídeo: supervisión de casos en equipo": (
        "视频：团队个案督导",
        "Video: team case supervision",
    ),
    "Una familia desplazada por el terremoto pide apoyo: valoración de necesidades, intervención en crisis y coordinación con los servicios de la comunidad.": (
        "一个因地震流离失所的家庭寻求支持：需求评估、危机干预以及与社区服务的协调。",
        "A family displaced by the earthquake asks for support: needs assessment, crisis intervention and coordination with community services.",
    ),
    "Ejercicio en grupos pequeños: a partir de un caso de violencia familiar, los estudiantes redactan un plan de intervención con objetivos, recursos y seguimiento.": (
        "小组练习：学员根据一个家庭暴力案例，拟定包含目标、资源和跟进安排的干预计划。",
        "A small-group exercise: from a case of family violence, trainees draft an intervention plan with goals, resources and follow-up.",
    ),
    "Cómo preparar, realizar y registrar una visita domiciliaria con seguridad y respeto: listas de comprobación y ejemplos de notas de campo.": (
        "如何安全、尊重地准备、开展和记录家访：核对清单和实地记录示例。",
        "How to prepare, carry out and record a home visit safely and respectfully: checklists and sample field notes.",
    ),
    "Una sesión de supervisión grabada en un centro de servicios sociales: cómo presentar un caso, pedir ayuda y acordar los siguientes pasos.": (
        "在社会服务中心录制的一次督导会议：如何汇报个案、寻求帮助并商定后续步骤。",
        "A supervision session recorded at a social services centre: how to present a case, ask for help and agree on next steps.",
    ),
}

DESCRIPTIONS = {
    "Caso: la familia Zhou tras el terremoto": "Una familia desplazada por el terremoto pide apoyo: valoración de necesidades, intervención en crisis y coordinación con los servicios de la comunidad.",
    "Ejercicio: elaborar un plan de intervención en crisis": "Ejercicio en grupos pequeños: a partir de un caso de violencia familiar, los estudiantes redactan un plan de intervención con objetivos, recursos y seguimiento.",
    "Guía práctica de visitas domiciliarias": "Cómo preparar, realizar y registrar una visita domiciliaria con seguridad y respeto: listas de comprobación y ejemplos de notas de campo.",
    "Vídeo: supervisión de casos en equipo": "Una sesión de supervisión grabada en un centro de servicios sociales: cómo presentar un caso, pedir ayuda y acordar los siguientes pasos.",
    "社会工作者职业伦理案例集": "二十个社会工作实务中的伦理困境案例，涵盖保密、知情同意、双重关系与资源分配，附讨论问题。",
    "Supervising practitioners in community placements": "Readings on dual supervision: how agency supervisors and academic tutors share the supervision of trainees placed in community organisations.",
}


# Frameworks' and competencies' titles in the other languages: (Chinese, English).
TITLES = {
    "Marco de competencias en tres niveles": ("三层次能力框架", "Three-layer competency framework"),
    "Valores y ética profesional": ("专业价值与伦理", "Professional values and ethics"),
    "Respeto a la dignidad de las personas": ("尊重人的尊严", "Respect for people's dignity"),
    "Reflexión ética en situaciones dilemáticas": ("伦理困境中的反思", "Ethical reflection in dilemmas"),
    "Conocimiento teórico": ("理论知识", "Theoretical knowledge"),
    "Teorías del desarrollo humano y del entorno social": ("人类发展与社会环境理论", "Theories of human development and the social environment"),
    "Política social y marco legal": ("社会政策与法律框架", "Social policy and the legal framework"),
    "Habilidades prácticas": ("实务技能", "Practice skills"),
    "Entrevista y evaluación inicial": ("会谈与初步评估", "Interviewing and initial assessment"),
    "Intervención en crisis": ("危机干预", "Crisis intervention"),
    "Trabajo con grupos y comunidades": ("小组与社区工作", "Work with groups and communities"),
    "CSWE 2022 EPAS — Competencias del trabajo social": ("CSWE 2022 EPAS 社会工作能力", "CSWE 2022 EPAS — Social work competencies"),
    "Demonstrate Ethical and Professional Behavior": ("展现符合伦理的专业行为", "Demonstrate Ethical and Professional Behavior"),
    "Advance Human Rights and Social, Racial, Economic, and Environmental Justice": ("促进人权及社会、种族、经济与环境正义", "Advance Human Rights and Social, Racial, Economic, and Environmental Justice"),
    "Engage Anti-Racism, Diversity, Equity, and Inclusion (ADEI) in Practice": ("在实务中践行反种族主义、多元、公平与包容", "Engage Anti-Racism, Diversity, Equity, and Inclusion (ADEI) in Practice"),
    "Engage in Practice-Informed Research and Research-Informed Practice": ("开展实务导向的研究与研究导向的实务", "Engage in Practice-Informed Research and Research-Informed Practice"),
    "Engage in Policy Practice": ("参与政策实务", "Engage in Policy Practice"),
    "Engage with Individuals, Families, Groups, Organizations, and Communities": ("与个人、家庭、小组、组织和社区建立关系", "Engage with Individuals, Families, Groups, Organizations, and Communities"),
    "Assess Individuals, Families, Groups, Organizations, and Communities": ("评估个人、家庭、小组、组织和社区", "Assess Individuals, Families, Groups, Organizations, and Communities"),
    "Intervene with Individuals, Families, Groups, Organizations, and Communities": ("介入个人、家庭、小组、组织和社区", "Intervene with Individuals, Families, Groups, Organizations, and Communities"),
    "Evaluate Practice with Individuals, Families, Groups, Organizations, and Communities": ("评估与个人、家庭、小组、组织和社区的实务", "Evaluate Practice with Individuals, Families, Groups, Organizations, and Communities"),
}  # fmt: skip


def _titled(record: CompetencyFramework | Competency) -> None:
    """Name the record in every language, from TITLES (the source title is the Spanish one)."""
    chinese, english = TITLES[record.title]
    if (record.title_es, record.title_zh_hans, record.title_en) != (record.title, chinese, english):
        record.title_es, record.title_zh_hans, record.title_en = record.title, chinese, english
        record.save(update_fields=["title_es", "title_zh_hans", "title_en"])


def _framework(spec: FrameworkSpec, created: list[str]) -> CompetencyFramework:
    framework, new = CompetencyFramework.objects.get_or_create(
        code=spec["code"],
        defaults={
            "title": spec["title"],
            "source": spec["source"],
            "description": spec["description"],
        },
    )
    if new:
        framework.institutions.set(Institution.objects.filter(slug__in=spec["institutions"]))
        created.append(f"competency framework {framework.title}")
    _titled(framework)
    position = 0
    for code, title, description, behaviours, children in spec["competencies"]:
        position += 10
        parent = _competency(framework, None, code, title, description, behaviours, position)
        for child in children:
            position += 10
            _competency(framework, parent, *child, position)
    return framework


def _competency(
    framework: CompetencyFramework,
    parent: Competency | None,
    code: str,
    title: str,
    description: str,
    behaviours: str,
    position: int,
) -> Competency:
    competency, _new = Competency.objects.get_or_create(
        framework=framework,
        code=code,
        defaults={
            "parent": parent,
            "title": title,
            "description": description,
            "behaviours": behaviours,
            "sort_order": position,
        },
    )
    _titled(competency)
    return competency


def _document(institution: Institution, title: str) -> PraxisDocument:
    """A short hand-out in the institution's collection, standing in for the real file."""
    document = PraxisDocument.objects.filter(title=title, collection=institution.collection).first()
    if document is None:
        text = f"{title}\n\n{institution.name}\n\nMaterial de demostración de Praxis.\n"
        document = PraxisDocument(title=title, collection=institution.collection)
        document.file.save(f"{institution.slug}-material.txt", ContentFile(text.encode()))
    return document


@demo_part
@transaction.atomic
def load() -> list[str]:
    created: list[str] = []
    for spec in (THREE_LAYERS, EPAS_2022):
        _framework(spec, created)

    institutions = {i.slug: i for i in Institution.objects.all()}
    for slug in {row[0] for row in MATERIALS}:
        for kind, body in POLICIES.items():
            policy, new = InstitutionPolicy.objects.get_or_create(
                institution=institutions[slug],
                kind=kind,
                locale__language_code="es",
                defaults={"body": body},
            )
            if new:
                created.append(f"course policy {kind} · {slug}")
            for language in TRANSLATED_INTO:
                if translate(policy, language, words_in(POLICY_TRANSLATIONS, language)):
                    created.append(f"course policy {kind} · {slug} ({language})")

    for slug, title, kind, language, licence, fields, tier, url in MATERIALS:
        institution = institutions[slug]
        material = TeachingMaterial.objects.filter(institution=institution, title=title).first()
        if material is None:
            material = _material(institution, title, kind, language, licence, fields, tier, url)
            created.append(f"teaching material {title}")
        for into in TRANSLATED_INTO:
            if translate(material, into, words_in(MATERIAL_TRANSLATIONS, into)):
                created.append(f"teaching material {title} ({into})")
    return created


def _material(
    institution: Institution,
    title: str,
    kind: str,
    language: str,
    licence: str,
    fields: list[str],
    tier: str,
    url: str | None,
) -> TeachingMaterial:
    material = TeachingMaterial.objects.create(
        institution=institution,
        title=title,
        kind=kind,
        language=language,
        licence=licence,
        tier=TrainingTier.objects.get(code=tier),
        url=url or "",
        document=None if url else _document(institution, title),
        description=DESCRIPTIONS.get(title, ""),
    )
    material.service_fields.set(ServiceField.objects.filter(code__in=fields))
    material.save_revision()
    return material
