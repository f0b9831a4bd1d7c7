"""For tests that start Praxis in another process (a server, a worker) against the test
database: on PostgreSQL only, since SQLite's test database lives in one connection's memory."""

import os
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def shared_database_url(name=None, **options):
    """The URL of the test database (or of database `name` on its server) for another process
    or connection, with connection `options`."""
    database = connection.settings_dict
    query = "&".join(f"{key}={value}" for key, value in options.items())
    server = f"{database['USER']}@{database['HOST']}:{database['PORT']}"
    return f"postgres://{server}/{name or database['NAME']}" + (f"?{query}" if query else "")


def environment(**variables):
    """This process's environment with the test settings and `variables` (DATABASE_URL…)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return env | {"DJANGO_SETTINGS_MODULE": "config.settings.test"} | variables
