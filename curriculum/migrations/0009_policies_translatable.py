"""Course policies become translatable (wagtail-localize): each existing one is in the site's
default language, and an institution has one policy of each kind per language."""

from django.db import migrations, models

from core.migration_ops import made_translatable


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
    ]
