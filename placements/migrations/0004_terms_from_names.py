"""Each free-text term name becomes its institution's term, with dates read from the name."""

from django.db import migrations

from core.migration_ops import terms_from_names


class Migration(migrations.Migration):
    dependencies = [("placements", "0003_term_keys")]

    operations = [
        terms_from_names("placements.BaseCapacity", "base__institution", "term_name", "term"),
        terms_from_names("placements.PlacementApplication", "programme__institution", "term_name", "term"),
        terms_from_names("placements.AllocationRun", "programme__institution", "term_name", "term"),
        terms_from_names("placements.Placement", "institution", "term_name", "term"),
        terms_from_names("placements.PlacementProgramme", "institution", "application_term_name", "application_term"),
    ]
