from django.db import migrations


def restrict_institution_collections(apps, schema_editor):
    """Each institution's collection opens only to its own role groups (provisioning does
    the same for new institutions): documents no longer reach anonymous visitors."""
    Institution = apps.get_model("core", "Institution")
    InstitutionGroup = apps.get_model("core", "InstitutionGroup")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    for institution in Institution.objects.exclude(collection=None):
        restriction, _created = CollectionViewRestriction.objects.get_or_create(
            collection_id=institution.collection_id, defaults={"restriction_type": "groups"}
        )
        restriction.groups.set(
            InstitutionGroup.objects.filter(institution=institution).values_list(
                "group_id", flat=True
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_scoped_log_entries"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(restrict_institution_collections, migrations.RunPython.noop),
    ]
