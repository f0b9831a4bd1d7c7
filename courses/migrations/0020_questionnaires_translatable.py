"""Course evaluation questionnaires become translatable (wagtail-localize): each existing one is
in the site's default language."""

from django.db import migrations

from core.migration_ops import made_translatable


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0019_outcomes_translatable"),
        ("core", "0003_locales"),
    ]

    operations = made_translatable("courses", "questionnaire")
