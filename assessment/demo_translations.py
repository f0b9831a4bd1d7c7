"""The demo framework's words in Chinese and English, as its translators gave them in
wagtail-localize's editor. Codes, points and weights are not translated."""

from core.demo import words_in

# Spanish text: (Chinese, English).
_TEXTS = {
    "Marco de calidad de la formación en trabajo social (100 puntos)": ("社会工作培训质量评估框架（100分制）", "Social work training quality framework (100 points)"),
    "Evaluación anual de las instituciones de formación de la provincia, según el esquema de 100 puntos: cualificación, diseño y horas, equipo docente, resultados.": (
        "按100分制对本省培训机构开展的年度评估：机构资质、课程设计与学时、师资队伍、培训成效。",
        "The province's yearly evaluation of its training institutions on the 100-point scheme: qualification, design and hours, teaching staff, results.",
    ),
    "Cualificación institucional": ("机构资质", "Institutional qualification"),
    "Autorización de formación vigente": ("有效的培训资质", "Valid training authorisation"),
    "1 si la institución tiene su autorización vigente; 0 si no.": ("机构持有有效资质为1，否则为0。", "1 if the institution holds a valid authorisation; 0 if not."),
    "Bases de prácticas con convenio vigente": ("签有有效协议的实习基地", "Practice bases with a valid agreement"),
    "Sistema de gestión de la calidad": ("质量管理体系", "Quality management system"),
    "0 inexistente, 1 documentado, 2 aplicado, 3 revisado cada año.": ("0 无，1 有文件，2 已实施，3 每年复核。", "0 none, 1 documented, 2 applied, 3 reviewed every year."),
    "Instalaciones y recursos de aprendizaje": ("场地与学习资源", "Facilities and learning resources"),
    "Puntuación de la visita de verificación, de 0 a 100.": ("实地核查得分，0至100分。", "Score of the verification visit, 0 to 100."),
    "Diseño del programa y horas": ("课程设计与学时", "Programme design and hours"),
    "Proporción de práctica en el currículo": ("课程中的实践比例", "Share of practice in the curriculum"),
    "Cobertura de contenidos de ética": ("伦理内容覆盖率", "Coverage of ethics content"),
    "Horas de prácticas cumplidas": ("完成的实习学时", "Placement hours completed"),
    "Cumplimiento de la supervisión": ("督导落实情况", "Supervision compliance"),
    "Equipo docente": ("师资队伍", "Teaching staff"),
    "Docentes a tiempo completo (relación TC/TP)": ("专职教师比例（专职/兼职）", "Full-time teachers (full-time to part-time)"),
    "Horas impartidas por profesionales de primera línea": ("一线实务人员授课学时", "Hours taught by front-line practitioners"),
    "Docentes con certificado profesional": ("持有职业资格证书的教师", "Teachers with a professional certificate"),
    "Estudiantes por supervisor académico": ("每位学校督导负责的学员数", "Trainees per academic supervisor"),
    "Resultados y satisfacción": ("培训成效与满意度", "Results and satisfaction"),
    "Tasa de finalización": ("结业率", "Completion rate"),
    "Tasa de aprobación": ("考核通过率", "Pass rate"),
    "Nota final media": ("平均最终成绩", "Mean final score"),
    "Satisfacción de los participantes": ("学员满意度", "Participants' satisfaction"),
    "Respuesta a la evaluación de los cursos": ("课程评价回复率", "Response to course evaluations"),
    "Horas de formación continua impartidas": ("继续教育授课学时", "Continuing education hours delivered"),
    "Valoración de los empleadores": ("用人单位评价", "Employers' rating"),
    "Encuesta anual a los empleadores de los participantes, 0 a 100.": ("对学员用人单位的年度调查，0至100分。", "Yearly survey of the participants' employers, 0 to 100."),
    "Excelente": ("优秀", "Excellent"),
    "Bueno": ("良好", "Good"),
    "Aceptable": ("合格", "Acceptable"),
    "Insuficiente": ("不合格", "Insufficient"),
}  # fmt: skip


def framework_words(language: str) -> dict[str, str]:
    """The framework's Spanish texts, each with its translation into the language."""
    return words_in(_TEXTS, language)
