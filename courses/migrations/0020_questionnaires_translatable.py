"""Course evaluation questionnaires become translatable (wagtail-localize): each existing one is
in the site's default language, with a key of its own."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def language_and_key(apps, schema_editor):
    Questionnaire = apps.get_model("courses", "Questionnaire")
    Locale = apps.get_model("wagtailcore", "Locale")
    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    for questionnaire in Questionnaire.objects.all():
        questionnaire.locale = default
        questionnaire.translation_key = uuid.uuid4()
        questionnaire.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0019_outcomes_translatable"),
        ("core", "0003_locales"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionnaire",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="questionnaire",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(language_and_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="questionnaire",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="questionnaire",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="questionnaire", unique_together={("translation_key", "locale")}
        ),
    ]
