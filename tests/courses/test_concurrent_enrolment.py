"""Thirty people enrol at once on `make run`'s own set-up: the development settings, an SQLite
file, the threaded development server and the task worker writing beside it. Every request
must get its answer (a seat or the waiting list), none a "database is locked" error."""

import http.cookiejar
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests.processes import ROOT, environment, free_port, wait_for_port

pytestmark = pytest.mark.sqlite

PEOPLE = 30
SEATS = 3

SETUP = f"""
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from tests import factories

institution = factories.institution()
offering = factories.offering(factories.course(institution), capacity={SEATS})
store = import_module(settings.SESSION_ENGINE).SessionStore
sessions = []
for n in range({PEOPLE}):
    trainee = factories.trainee(consents_to_data_use=True)
    session = store()
    session[SESSION_KEY] = str(trainee.user.pk)
    session[BACKEND_SESSION_KEY] = "core.backends.ModelBackend"
    session[HASH_SESSION_KEY] = trainee.user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print("SETUP " + json.dumps({{"offering": offering.pk, "sessions": sessions}}))
"""

COUNT = """
from courses.models import Enrolment
print("COUNT " + " ".join(
    f"{status}={Enrolment.objects.filter(status=status).count()}"
    for status in ("enrolled", "waitlisted")
))
"""


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def enrol(port, offering, session_key, answers):
    """POST the enrol button as the person of this session; keep the status it answered."""
    csrf = "a" * 32
    jar = http.cookiejar.CookieJar()
    for name, value in (("sessionid", session_key), ("csrftoken", csrf)):
        jar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True,
                False, None, False, None, None, {},
            )
        )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/es/learn/offerings/{offering}/enrol/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": csrf}).encode(),
        headers={"Referer": f"http://127.0.0.1:{port}/es/"},
    )
    try:
        with opener.open(request, timeout=120) as response:
            answers.append(response.status)
    except urllib.error.HTTPError as error:
        answers.append(error.code)
    except OSError as error:  # refused or reset: the server did not take the request
        answers.append(repr(error))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="make run's embedded database is SQLite")
def test_thirty_people_enrol_at_once_on_make_runs_sqlite_without_an_error(tmp_path):
    env = environment(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
        PDF_RENDER_ON_PUBLISH="false",
    )
    manage(env, "migrate", "--noinput", "-v", "0")
    setup = json.loads(re.search(r"^SETUP (.*)$", manage(env, "shell", "-c", SETUP), re.M)[1])
    port = free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 (closed below)
    processes = [
        subprocess.Popen(  # the task worker sends each enrolment's e-mail: it writes too
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        ),
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        ),
    ]  # fmt: skip
    try:
        wait_for_port(port)
        answers = []
        start = threading.Barrier(PEOPLE)

        def person(session_key):
            start.wait()
            enrol(port, setup["offering"], session_key, answers)

        threads = [threading.Thread(target=person, args=(key,)) for key in setup["sessions"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(1)  # the worker's e-mails after the last commit
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)
        log.close()
    server_log = (tmp_path / "server.log").read_text()
    assert answers == [302] * PEOPLE, server_log[-3000:]
    assert "database is locked" not in server_log
    counts = re.search(r"^COUNT (.*)$", manage(env, "shell", "-c", COUNT), re.M)[1]
    assert counts == f"enrolled={SEATS} waitlisted={PEOPLE - SEATS}"
