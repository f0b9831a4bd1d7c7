"""Learning outcomes become translatable (wagtail-localize translates them with their course).

Each outcome takes its page's language; an outcome's translations share its key, derived from
the page's translation key and the outcome's place in it, so the outcomes of a course, of its
aliases and of its translations line up."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def language_and_key(apps, schema_editor):
    LearningOutcome = apps.get_model("courses", "LearningOutcome")
    outcomes = LearningOutcome.objects.select_related("page").order_by("page", "sort_order", "pk")
    position: dict[int, int] = {}
    for outcome in outcomes:
        position[outcome.page_id] = position.get(outcome.page_id, -1) + 1
        outcome.locale_id = outcome.page.locale_id
        outcome.translation_key = uuid.uuid5(
            outcome.page.translation_key, f"outcome-{position[outcome.page_id]}"
        )
        outcome.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0018_session_topic_and_venue_in_languages"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="learningoutcome",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="learningoutcome",
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
            model_name="learningoutcome",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="learningoutcome",
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
            name="learningoutcome", unique_together={("translation_key", "locale")}
        ),
    ]
