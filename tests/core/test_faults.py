"""Faults a deployment meets: the database down when the server starts or gone mid-run. A real
gunicorn in a separate process serves the requests, so the whole middleware stack is on trial."""

import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from tests.processes import ROOT, environment, free_port, shared_database_url, wait_for_port

APPLICATION = "praxis_fault_test"


def fetch(port, path):
    """(status, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@contextmanager
def gunicorn(database_url, log):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", f"--bind=127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment(DATABASE_URL=database_url),
        stderr=log,
    )
    try:
        wait_for_port(port, 30)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def assert_unavailable_page(answer, log):
    status, body, headers = answer
    assert status == 503
    assert "cannot reach its database" in body or "no puede conectar con su base" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert headers["Retry-After"] == "60"
    lines = [line for line in log.read_text().splitlines() if "Database unavailable" in line]
    assert lines and "answered 503 to GET" in lines[-1]


def test_a_database_down_at_start_gives_a_clear_page_and_a_log_line(tmp_path):
    """Nothing listens on port 1: every page that needs the database says it is unavailable."""
    log_path = tmp_path / "server.log"
    unreachable = "postgres://postgres@127.0.0.1:1/praxis"
    with open(log_path, "w") as log, gunicorn(unreachable, log) as port:
        answer = fetch(port, "/es/")
    assert_unavailable_page(answer, log_path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_gone_mid_run_gives_a_clear_page_and_the_site_comes_back(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The server process shares the test database only on PostgreSQL; CI runs it")
    from tests import factories

    factories.home_page()
    name = connection.settings_dict["NAME"]
    url = shared_database_url(application_name=APPLICATION)
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log, gunicorn(url, log) as port:
        assert fetch(port, "/es/")[0] == 200
        # The server's connections are cut and no new one is let in, from another database.
        with psycopg.connect(shared_database_url("postgres"), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s",
                [APPLICATION],
            )
            try:
                # A page not kept for visitors: one kept would still be served (core.pagecache).
                answer = fetch(port, "/es/?after=outage")
            finally:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert_unavailable_page(answer, log_path)
        assert fetch(port, "/es/")[0] == 200
