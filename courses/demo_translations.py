"""The demo's translated courses: four Sichuan courses in Chinese and two in English, each
text as a translator gave it in wagtail-localize's editor (core.demo.translate). Names,
book titles and ISBNs stay as written."""

from core.demo import words_in

TRANSLATED_COURSES = {
    "zh-hans": ["TS-301", "TS-205", "TS-101", "TS-220"],
    "en": ["TS-301", "TS-101"],
}

# Spanish text: (Chinese, English). A unit's objective "Comprender y aplicar: <unit>" is made
# from its title (objectives below).
_TEXTS = {
    "Intervención en crisis y emergencias": ("危机与突发事件干预", "Crisis and emergency intervention"),
    "intervencion-en-crisis": ("weiji-ganyu", "crisis-intervention"),
    "Cómo estabilizar a personas y familias tras una emergencia, evaluar el riesgo y activar la red de apoyo comunitaria.": (
        "学习如何在突发事件后稳定个人与家庭的情绪、评估风险并调动社区支持网络。",
        "How to stabilise people and families after an emergency, assess risk and activate the community support network.",
    ),
    "Modelos de intervención en crisis": ("危机干预模式", "Crisis intervention models"),
    "Modelo de siete etapas de Roberts": ("罗伯茨七阶段模式", "Roberts' seven-stage model"),
    "Primeros auxilios psicológicos": ("心理急救", "Psychological first aid"),
    "Evaluación estructurada del riesgo": ("结构化风险评估", "Structured risk assessment"),
    "Riesgo suicida": ("自杀风险", "Suicide risk"),
    "Violencia en el hogar": ("家庭暴力", "Domestic violence"),
    "Coordinación con servicios de emergencia": ("与应急服务的协作", "Working with emergency services"),
    "Protocolos de derivación": ("转介流程", "Referral protocols"),
    "Trabajo en red": ("网络协作", "Networking"),
    "Exposición dialogada": ("互动讲授", "Interactive lecture"),
    "Análisis de casos en grupos pequeños": ("小组案例分析", "Case analysis in small groups"),
    "Análisis de caso escrito": ("书面案例分析", "Written case analysis"),
    "Evaluación de la práctica por el supervisor": ("督导对实习的评价", "Supervisor's evaluation of practice"),
    "Portafolio reflexivo": ("反思档案", "Reflective portfolio"),
    "Aplicar un modelo de intervención en crisis con una familia afectada": (
        "对受影响家庭运用危机干预模式",
        "Apply a crisis intervention model with an affected family",
    ),
    "Evaluar el riesgo de forma estructurada y documentarlo": (
        "以结构化方式评估并记录风险",
        "Assess risk in a structured way and document it",
    ),
    "Entrevista motivacional en los servicios sociales": ("社会服务中的动机式访谈", "Motivational interviewing in social services"),
    "entrevista-motivacional": ("dongjishi-fangtan", "motivational-interviewing"),
    "Técnicas de entrevista centradas en la persona para acompañar procesos de cambio en asistencia social y salud mental.": (
        "以人为中心的访谈技术，在社会救助和精神健康服务中陪伴服务对象的改变过程。",
        "Person-centred interviewing techniques that support change in social assistance and mental health.",
    ),
    "El espíritu de la entrevista motivacional": ("动机式访谈的精神", "The spirit of motivational interviewing"),
    "Colaboración y autonomía": ("合作与自主", "Partnership and autonomy"),
    "Evocación": ("唤起", "Evocation"),
    "Habilidades OARS": ("OARS 技巧", "OARS skills"),
    "Preguntas abiertas": ("开放式提问", "Open questions"),
    "Reflejos": ("反映", "Reflections"),
    "Resúmenes": ("总结", "Summaries"),
    "Planificar el cambio": ("规划改变", "Planning change"),
    "Discurso de cambio": ("改变语句", "Change talk"),
    "Plan de acción": ("行动计划", "Action plan"),
    "Conducir una entrevista con preguntas abiertas y reflejos": (
        "运用开放式提问和反映进行访谈",
        "Conduct an interview with open questions and reflections",
    ),
    "Respetar la autonomía de la persona en el proceso de cambio": (
        "在改变过程中尊重服务对象的自主",
        "Respect the person's autonomy in the process of change",
    ),
    "Ética profesional del trabajo social": ("社会工作职业伦理", "Professional ethics in social work"),
    "etica-profesional": ("zhiye-lunli", "professional-ethics"),
    "Valores, código de ética y resolución de dilemas en la práctica cotidiana.": (
        "价值观、伦理守则以及日常实务中的伦理困境处理。",
        "Values, the code of ethics and resolving dilemmas in everyday practice.",
    ),
    "Valores de la profesión": ("专业价值观", "The profession's values"),
    "Dignidad": ("尊严", "Dignity"),
    "Justicia social": ("社会公正", "Social justice"),
    "Dilemas éticos en la práctica": ("实务中的伦理困境", "Ethical dilemmas in practice"),
    "Confidencialidad": ("保密", "Confidentiality"),
    "Consentimiento informado": ("知情同意", "Informed consent"),
    "Resolver un dilema ético de forma argumentada": ("有理有据地处理伦理困境", "Resolve an ethical dilemma with reasoned arguments"),
    "Explicar los valores que orientan la profesión": ("阐释指导专业的价值观", "Explain the values that guide the profession"),
    "Trabajo social con familias": ("家庭社会工作", "Social work with families"),
    "trabajo-social-familiar": ("jiating-shehui-gongzuo", "social-work-with-families"),
    "Evaluación e intervención con familias en situación de vulnerabilidad, con enfoque sistémico.": (
        "以系统视角评估和介入处于困境中的家庭。",
        "Assessment of and intervention with vulnerable families, from a systemic approach.",
    ),
    "Teoría sistémica y ecológica": ("系统与生态理论", "Systemic and ecological theory"),
    "Genograma": ("家谱图", "Genogram"),
    "Ecomapa": ("生态图", "Ecomap"),
    "Entrevista familiar": ("家庭访谈", "Family interview"),
    "Alianza de trabajo": ("工作联盟", "Working alliance"),
    "Circularidad": ("循环提问", "Circular questioning"),
    "Planes de intervención familiar": ("家庭介入计划", "Family intervention plans"),
    "Objetivos compartidos": ("共同目标", "Shared goals"),
    "Seguimiento": ("跟进", "Follow-up"),
    "Elaborar un ecomapa y un genograma de una familia": ("绘制一个家庭的生态图和家谱图", "Draw a family's ecomap and genogram"),
    "Diseñar un plan de intervención familiar con la familia": ("与家庭共同制定家庭介入计划", "Design a family intervention plan with the family"),
}  # fmt: skip

OBJECTIVE = {
    "es": "Comprender y aplicar: {}",
    "zh-hans": "理解并运用：{}",
    "en": "Understand and apply: {}",
}


def words(language: str) -> dict[str, str]:
    """The demo's Spanish texts, each with its translation into the language."""
    translated = words_in(_TEXTS, language)
    objectives = {
        OBJECTIVE["es"].format(spanish.lower()): OBJECTIVE[language].format(
            text if language == "zh-hans" else text.lower()
        )
        for spanish, text in translated.items()
    }
    return objectives | translated
