from django.db import migrations


class Migration(migrations.Migration):
    """Curriculum plans now live in the plans app, with the same tables."""

    dependencies = [
        ("curriculum", "0005_employer_kinds"),
        ("plans", "0001_moved_from_curriculum"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PlanCourse"),
                migrations.DeleteModel(name="CurriculumPlanPage"),
            ],
        ),
    ]
