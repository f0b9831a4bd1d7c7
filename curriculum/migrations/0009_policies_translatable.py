"""Course policies become translatable (wagtail-localize): each existing one is in the site's
default language, and an institution has one policy of each kind per language. Migrated back,
only the policies in the default language stay: the old schema holds one of each kind."""

from django.conf import settings
from django.db import migrations, models

from core.migration_ops import made_translatable


def keep_the_default_language(apps, schema_editor):
    policies = apps.get_model("curriculum", "InstitutionPolicy").objects
    policies.exclude(locale__language_code=settings.LANGUAGE_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0008_titles_in_languages"),
        ("core", "0003_locales"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="institutionpolicy", name="curriculum_policy_one_per_kind"
        ),
        *made_translatable("curriculum", "institutionpolicy"),
        migrations.AddConstraint(
            model_name="institutionpolicy",
            constraint=models.UniqueConstraint(
                fields=("institution", "kind", "locale"), name="curriculum_policy_one_per_kind"
            ),
        ),
        # Last, so that migrating back runs it first, while the policies still have a language.
        migrations.RunPython(migrations.RunPython.noop, keep_the_default_language),
    ]
