"""For tests that start Praxis in another process (a server, a worker) against the test
database: on PostgreSQL only, since SQLite's test database lives in one connection's memory."""

import os
import socket
import time
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


def free_port():
    """A TCP port on the loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, seconds=60):
    """Return once a server accepts connections on the port; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
