"""Terms become records: each free-text term gets a key to a term, filled by the next migration.

The steps are separate migrations so that PostgreSQL never alters a table whose rows it has
just updated in the same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0009_terms"), ("courses", "0013_trainees_own_records")]

    operations = [
        migrations.RenameField(model_name="courseoffering", old_name="term", new_name="term_name"),
        # Empty by default, so that the name can come back when this is reversed.
        migrations.AlterField(
            model_name="courseoffering",
            name="term_name",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="courseoffering",
            name="term",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="offerings",
                to="core.term",
            ),
        ),
    ]
