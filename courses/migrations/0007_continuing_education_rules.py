"""The national continuing-education rules of 2009 as starting data: 72 hours per three-year
period for assistant social workers, 90 for social workers and senior social workers, and a
social-work degree counting once as 90 hours. Administrators edit them as rules change."""

from django.db import migrations

RULES = {"assistant-social-worker": 72, "social-worker": 90, "senior-social-worker": 90}


def seed(apps, schema_editor):
    levels = apps.get_model("curriculum", "ProfessionalLevel")
    rules = apps.get_model("courses", "ContinuingEducationRule")
    for level in levels.objects.filter(code__in=RULES):
        rules.objects.get_or_create(
            professional_level=level,
            defaults={"required_hours": RULES[level.code], "period_years": 3, "degree_hours": 90},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_sessions_attendance_certificates_ce"),
        ("curriculum", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
