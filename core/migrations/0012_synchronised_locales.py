"""Every other language's page tree follows the source language's: a page created in Spanish
gets an alias in Chinese and English until an editor translates it (wagtail-localize's
"Synchronise content from another locale", which replaces Wagtail's simple translation)."""

from django.conf import settings
from django.db import migrations


def synchronise_from_default(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    source = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    for locale in Locale.objects.exclude(pk=source.pk):
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": source})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_names_in_languages"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(synchronise_from_default, migrations.RunPython.noop)]
