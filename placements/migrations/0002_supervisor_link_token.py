import hashlib
import secrets

from django.db import migrations, models


def give_each_link_a_random_token(apps, schema_editor):
    """Links made before carried a signed token whose digest nobody kept: each gets a random
    one nobody knows, so those links stop working; coordinators send new ones."""
    SupervisorLink = apps.get_model("placements", "SupervisorLink")
    for link in SupervisorLink.objects.all():
        token = secrets.token_urlsafe(32)
        link.token_digest = hashlib.sha256(token.encode()).hexdigest()
        link.save(update_fields=["token_digest"])


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="supervisorlink",
            name="token_digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_each_link_a_random_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="supervisorlink",
            name="token_digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
