"""Teaching materials become translatable (wagtail-localize): each existing one is in the
site's default language, the version that courses point at; its own language field still says
what its file or link is written in."""

from django.db import migrations

from core.migration_ops import made_translatable


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0009_policies_translatable"),
        ("core", "0003_locales"),
    ]

    operations = made_translatable("curriculum", "teachingmaterial")
