from django.db import migrations


class Migration(migrations.Migration):
    """The gradebook and course evaluations now live in courses, with the same tables."""

    dependencies = [
        ("assessment", "0003_framework_authority"),
        ("courses", "0011_moved_from_assessment"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Grade"),
                migrations.DeleteModel(name="SurveyReceipt"),
                migrations.DeleteModel(name="SurveyResponse"),
                migrations.DeleteModel(name="Questionnaire"),
            ],
        ),
    ]
