"""Terms become records: each free-text term gets a key to a term, filled by the next migration.

The steps are separate migrations so that PostgreSQL never alters a table whose rows it has
just updated in the same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0009_terms"), ("placements", "0002_supervisor_link_token")]

    operations = [
        migrations.RemoveConstraint(model_name="basecapacity", name="placements_capacity_once"),
        migrations.RenameField(model_name="basecapacity", old_name="term", new_name="term_name"),
        # Empty by default, so that the name can come back when this is reversed.
        migrations.AlterField(
            model_name="basecapacity",
            name="term_name",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="basecapacity",
            name="term",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="base_capacities",
                to="core.term",
            ),
        ),
        migrations.RemoveConstraint(model_name="placementapplication", name="placements_apply_once"),
        migrations.RenameField(model_name="placementapplication", old_name="term", new_name="term_name"),
        # Empty by default, so that the name can come back when this is reversed.
        migrations.AlterField(
            model_name="placementapplication",
            name="term_name",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="placementapplication",
            name="term",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="placement_applications",
                to="core.term",
            ),
        ),
        migrations.RenameField(model_name="allocationrun", old_name="term", new_name="term_name"),
        # Empty by default, so that the name can come back when this is reversed.
        migrations.AlterField(
            model_name="allocationrun",
            name="term_name",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="allocationrun",
            name="term",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="allocation_runs",
                to="core.term",
            ),
        ),
        migrations.RenameField(model_name="placement", old_name="term", new_name="term_name"),
        # Empty by default, so that the name can come back when this is reversed.
        migrations.AlterField(
            model_name="placement",
            name="term_name",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="placement",
            name="term",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="placements",
                to="core.term",
            ),
        ),
        migrations.RenameField(model_name="placementprogramme", old_name="application_term", new_name="application_term_name"),
        # Empty by default, so that the name can come back when this is reversed.
        migrations.AlterField(
            model_name="placementprogramme",
            name="application_term_name",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="placementprogramme",
            name="application_term",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes_applying",
                to="core.term",
            ),
        ),
    ]
