"""Enrolment under load on PostgreSQL, as a ratio against a trivial view in the same run.

Four clients, each signed in as a different trainee, take turns enrolling in and withdrawing
from the same open offering, so every request waits for the offering's row lock, counts its
seats, writes the place and queues an e-mail. Rounds alternate with the trivial view's.
Needs PostgreSQL at PG_URL (default postgres://postgres@127.0.0.1:5432).
"""

import multiprocessing
import statistics
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    CLIENTS,
    PYTHON,
    REFERENCE,
    ROOT,
    ROUNDS,
    SECONDS_PER_ROUND,
    WORK,
    bench_environment,
    client,
    free_port,
    postgres_database,
    start_gunicorn,
)

DATABASE = "praxis_bench_enrolment"
CSRF = "b" * 32  # an unmasked token, sent as both the cookie and the header
OFFERING = "TS-101-2027A"
SETUP = f"""
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from courses.models import CourseOffering, Trainee
offering = CourseOffering.objects.get(code="{OFFERING}")
offering.capacity = 1_000_000
offering.save()
print("OFFERING", offering.pk)
for number in range({CLIENTS}):
    user = get_user_model().objects.create_user(f"carga{{number}}@bench.example")
    Trainee.objects.create(user=user, family_name="Carga", given_name=str(number))
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "core.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    print("SESSION", session.session_key)
"""


def post(port, path, session):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            headers={
                "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Length": "0",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def enrol_and_withdraw(job):
    """One trainee: enrol, withdraw, enrol… until the time is up; each answer must be a
    redirect to the offering (enrolled) or to the dashboard (withdrawn)."""
    port, offering, session, seconds = job
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for action, expected in (
            ("enrol", f"/learn/offerings/{offering}/"),
            ("withdraw", "/learn/"),
        ):
            status, location = post(port, f"/es/learn/offerings/{offering}/{action}/", session)
            if status != 302 or not location.endswith(expected):
                raise RuntimeError(f"{action} answered {status} → {location}")
            done += 1
    return done


def prepare(env):
    postgres_database(
        env, DATABASE, (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"])
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    offering = next(line.split()[1] for line in output.splitlines() if line.startswith("OFFERING"))
    sessions = [line.split()[1] for line in output.splitlines() if line.startswith("SESSION")]
    return offering, sessions


def main():
    env = bench_environment()
    WORK.mkdir(parents=True, exist_ok=True)
    print("Preparing a PostgreSQL database with the demo…", flush=True)
    try:
        offering, sessions = prepare(env)
    except Exception as error:  # no PostgreSQL here: say so and stop
        sys.exit(f"Enrolment bench needs PostgreSQL ({error}).")
    port = free_port()
    server = start_gunicorn(env, port)
    samples = {"reference": [], "enrolment": []}
    try:
        with multiprocessing.Pool(CLIENTS) as pool:
            for round_number in range(ROUNDS):
                turns = ["reference", "enrolment"]
                for turn in turns if round_number % 2 == 0 else turns[::-1]:
                    if turn == "reference":
                        jobs = [(port, REFERENCE, SECONDS_PER_ROUND)] * CLIENTS
                        answered = pool.map(client, jobs)
                    else:
                        jobs = [(port, offering, s, SECONDS_PER_ROUND) for s in sessions]
                        answered = pool.map(enrol_and_withdraw, jobs)
                    samples[turn].append(sum(answered) / SECONDS_PER_ROUND)
    finally:
        server.terminate()
        server.wait()
    reference = statistics.median(samples["reference"])
    enrolment = statistics.median(samples["enrolment"])
    print(
        f"\nEnrolment on PostgreSQL ({CLIENTS} trainees at once on one offering's row lock, "
        f"median of {ROUNDS} alternating rounds of {SECONDS_PER_ROUND:g} s)"
    )
    print(f"  {'trivial Django view (reference)':<60}{reference:>7.0f}   1.00")
    print(
        f"  {'enrol or withdraw (POST, row lock, e-mail queued)':<60}{enrolment:>7.0f}   "
        f"{enrolment / reference:.2f} × reference"
    )


if __name__ == "__main__":
    main()
