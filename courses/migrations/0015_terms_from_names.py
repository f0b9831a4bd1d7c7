"""Each free-text term name becomes its institution's term, with dates read from the name."""

from django.db import migrations

from core.migration_ops import terms_from_names


class Migration(migrations.Migration):
    dependencies = [("courses", "0014_term_keys")]

    operations = [
        terms_from_names("courses.CourseOffering", "institution", "term_name", "term"),
    ]
