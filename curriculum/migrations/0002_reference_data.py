"""Seeds the reference data of the policy (art. 1, 7, 8, 16, 20) in Spanish, Chinese and English.

Administrators may rename terms or add more; running this again only adds what is missing.
"""

from django.db import migrations

# (code, Spanish, Chinese, English)
SERVICE_FIELDS = [
    ("social-welfare", "Bienestar social", "社会福利", "Social welfare"),
    ("social-assistance", "Asistencia social", "社会救助", "Social assistance"),
    ("charity", "Caridad y beneficencia", "慈善事业", "Charity"),
    ("community", "Construcción comunitaria", "社区建设", "Community building"),
    ("family", "Matrimonio y familia", "婚姻家庭", "Marriage and family"),
    ("mental-health", "Salud mental", "精神卫生", "Mental health"),
    ("disability", "Rehabilitación de discapacidades", "残障康复", "Disability rehabilitation"),
    (
        "school",
        "Asesoramiento educativo (trabajo social escolar)",
        "教育辅导",
        "Educational counselling (school social work)",
    ),
    ("employment", "Asistencia laboral", "就业援助", "Employment assistance"),
    ("employee-assistance", "Asistencia a los empleados", "职工帮扶", "Employee assistance"),
    ("crime-prevention", "Prevención del delito", "犯罪预防", "Crime prevention"),
    ("drug-treatment", "Tratamiento y control de drogas", "禁毒戒毒", "Drug treatment and control"),
    ("corrections", "Corrección comunitaria", "社区矫正", "Community corrections"),
    (
        "population-family-planning",
        "Población y planificación familiar",
        "人口计生",
        "Population and family planning",
    ),
    ("dispute-mediation", "Mediación de disputas", "纠纷调解", "Dispute mediation"),
    ("emergency", "Respuesta a emergencias", "应急处置", "Emergency response"),
]
TRAINING_TIERS = [
    (
        "grassroots",
        "Capacitación de base",
        "基层社会工作人才能力建设",
        "Grassroots capacity building",
    ),
    ("high-level", "Profesionales de alto nivel", "高层次专业人才", "High-level professionals"),
    ("management", "Talento directivo", "管理人才", "Management talent"),
    ("cadre", "Formación de cuadros", "干部培训", "Cadre training"),
    ("formal-education", "Educación formal", "学历教育", "Formal education"),
    ("continuing-education", "Educación continua", "继续教育", "Continuing education"),
]
PROFESSIONAL_LEVELS = [
    ("assistant-social-worker", "Trabajador social asistente", "助理社会工作师", "Assistant social worker"),
    ("social-worker", "Trabajador social", "社会工作师", "Social worker"),
    ("senior-social-worker", "Trabajador social sénior", "高级社会工作师", "Senior social worker"),
]
SERVICE_METHODS = [
    ("relief", "Alivio de dificultades", "困难救助", "Relief of hardship"),
    ("conflict-resolution", "Resolución de conflictos", "矛盾调处", "Conflict resolution"),
    ("humanistic-care", "Atención humanista", "人文关怀", "Humanistic care"),
    ("psychological-counselling", "Asesoramiento psicológico", "心理疏导", "Psychological counselling"),
    ("behaviour-modification", "Modificación de conducta", "行为矫治", "Behaviour modification"),
    ("relationship-adjustment", "Ajuste de relaciones", "关系调适", "Relationship adjustment"),
]
TERMS = {
    "ServiceField": SERVICE_FIELDS,
    "TrainingTier": TRAINING_TIERS,
    "ProfessionalLevel": PROFESSIONAL_LEVELS,
    "ServiceMethod": SERVICE_METHODS,
}


def seed(apps, schema_editor):
    for model_name, rows in TERMS.items():
        model = apps.get_model("curriculum", model_name)
        for position, (code, es, zh_hans, en) in enumerate(rows, start=1):
            model.objects.get_or_create(
                code=code,
                defaults={
                    "name_es": es,
                    "name_zh_hans": zh_hans,
                    "name_en": en,
                    "sort_order": position * 10,
                },
            )


def unseed(apps, schema_editor):
    for model_name, rows in TERMS.items():
        apps.get_model("curriculum", model_name).objects.filter(
            code__in=[row[0] for row in rows]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
