"""On PostgreSQL, a text search configuration ``praxis``: Spanish stemming with accents folded, so
that the database backend (SEARCH_BACKEND=database) finds ``intervención`` for ``intervencion``
as the Whoosh backend does. Elsewhere this migration does nothing."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'praxis') THEN
        CREATE TEXT SEARCH CONFIGURATION praxis (COPY = spanish);
        ALTER TEXT SEARCH CONFIGURATION praxis
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS praxis;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
