"""`make bench`: Praxis's speed as ratios against a reference measured in the same run.

The machine is shared and noisy, so no figure stands alone: pages are served by gunicorn with
production settings and measured in alternating rounds against a trivial Django view behind the
same middleware, and the ratio of the two medians is what to compare between runs. A course page
is also served by a twin server whose cache is a dummy (nothing kept: every request renders it),
and a search asks a query no one asked before on every request. Each page has a target ratio
(issue 26): the bench prints it beside the figure and exits non-zero when one is missed.
Database queries per page are counted in-process, with a cold and a warm cache.
"""

import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PYTHON = sys.executable
REFERENCE = "/bench/trivial/"
COURSE = "/es/universidad-del-suroeste/intervencion-en-crisis/"
INSTITUTION = "/es/universidad-del-suroeste/"
PLAN = "/es/plan-grado-salud-mental-sichuan/"
CATALOG = "/es/cursos/"
SEARCH = "/es/search/?q=intervencion"
NEW_SEARCH = "/es/search/?q=intervencion&asked={n}"  # never kept before: searched every time
UNCACHED_COURSE = f"{COURSE} (empty cache)"
SERVED_PAGES = [
    "/es/",
    "/zh-hans/",
    "/es/acerca-de/",
    INSTITUTION,
    COURSE,
    CATALOG,
    f"{CATALOG}?field=mental-health",
    PLAN,
    SEARCH,
    NEW_SEARCH,
    f"{COURSE}syllabus.pdf",  # rendered by the task worker when preparing, served from storage
]
PUBLIC_PAGES = [
    *(path for path in SERVED_PAGES if path != NEW_SEARCH),
    "/en/",
    "/es/accounts/login/",
    "/es/accounts/signup/",
]
# The least ratio to the trivial view each page must reach (issue 26).
TARGETS = {
    "/es/": 0.6,
    COURSE: 0.6,
    INSTITUTION: 0.6,
    PLAN: 0.6,
    CATALOG: 0.5,
    SEARCH: 0.3,
    NEW_SEARCH: 0.1,
    UNCACHED_COURSE: 0.1,
}
STAFF_PAGES = ["/admin/", "/admin/institutions/", "/admin/memberships/", "/admin/pages/"]
STAFF_EMAIL = "institucion@praxis.example"
WORKERS = 2
CLIENTS = 4
ROUNDS = 5
SECONDS_PER_ROUND = 3.0


def bench_environment():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{WORK / 'bench.sqlite3'}",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        PRIVATE_MEDIA_ROOT=str(WORK / "private-media"),
        SEARCH_INDEX_DIR=str(WORK / "search-index"),
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)  # each gunicorn worker keeps its own in-memory cache
    return env


def postgres_database(env, name, commands):
    """A fresh PostgreSQL database `name` at PG_URL for `env`, with these manage.py commands
    run on it."""
    import psycopg

    admin = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(admin + "/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = f"{admin}/{name}"
    for command in commands:
        subprocess.run(
            [PYTHON, "manage.py", *command, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def prepare(env):
    """A fresh database with the demo, and collected static files, as in production."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    commands = (
        ["migrate", "--noinput"],
        ["load_demo"],
        ["update_index"],
        ["collectstatic", "--noinput"],
        # The PDFs publishing queued (a course's syllabus), rendered as the task worker would.
        ["db_worker", "--batch", "--no-startup-delay"],
    )
    for command in commands:
        subprocess.run(
            [PYTHON, "manage.py", *command, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path):
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def start_gunicorn(env, port, workers=WORKERS):
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, REFERENCE) == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 30 seconds.")


def client(job):
    """One client: request the path back to back until the time is up; count the answers. A
    path with `{n}` gets a number no request has used before."""
    port, path, seconds = job
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = get(port, path.format(n=f"{os.getpid()}-{time.monotonic_ns()}"))
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        done += 1
    return done


def requests_per_second(targets):
    """Median requests/s of each (label, port, path), the targets taking turns in every round."""
    for _label, port, path in targets:  # warm every worker's caches and template loaders
        for n in range(20):
            get(port, path.format(n=n))
    samples = {label: [] for label, _port, _path in targets}
    with multiprocessing.Pool(CLIENTS) as pool:
        for round_number in range(ROUNDS):
            order = targets if round_number % 2 == 0 else targets[::-1]
            for label, port, path in order:
                answered = pool.map(client, [(port, path, SECONDS_PER_ROUND)] * CLIENTS)
                samples[label].append(sum(answered) / SECONDS_PER_ROUND)
    return {label: statistics.median(values) for label, values in samples.items()}


def queries_per_page():
    """Queries each page makes with an empty cache and again with a warm one."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.models import User

    visitor, staff = Client(), Client()
    staff.force_login(User.objects.get(email=STAFF_EMAIL))
    counts = {}
    for browser, paths in ((visitor, PUBLIC_PAGES), (staff, STAFF_PAGES)):
        for path in paths:
            cache.clear()
            runs = []
            for _ in range(2):
                with CaptureQueriesContext(connection) as captured:
                    status = browser.get(path).status_code
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
                runs.append(len(captured))
            counts[path] = runs
    return counts


def main():
    env = bench_environment()
    print("Preparing a fresh demo database…", flush=True)
    prepare(env)
    port, uncached_port = free_port(), free_port()
    servers = [
        start_gunicorn(env, port),
        start_gunicorn(env | {"BENCH_CACHE": "dummy"}, uncached_port),
    ]
    targets = [(REFERENCE, port, REFERENCE)]
    targets += [(path, port, path) for path in SERVED_PAGES]
    targets.append((UNCACHED_COURSE, uncached_port, COURSE))
    try:
        rates = requests_per_second(targets)
    finally:
        for server in servers:
            server.terminate()
            server.wait()

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    counts = queries_per_page()

    reference = rates[REFERENCE]
    print(
        f"\nRequests/s under gunicorn ({WORKERS} sync workers, {CLIENTS} clients on the same "
        f"{os.cpu_count()} CPUs, median of {ROUNDS} alternating rounds of {SECONDS_PER_ROUND:g} s)"
    )
    print(f"  {'page':<60}{'req/s':>7}   {'ratio':>6}   target")
    print(f"  {'trivial Django view (reference)':<60}{reference:>7.0f}   {1:>6.2f}")
    missed = []
    for label, _port, _path in targets[1:]:
        ratio = rates[label] / reference
        verdict = ""
        if label in TARGETS:
            met = ratio >= TARGETS[label]
            verdict = f"≥ {TARGETS[label]:.2f}  {'met' if met else 'MISSED'}"
            if not met:
                missed.append(label)
        print(f"  {label:<60}{rates[label]:>7.0f}   {ratio:>6.2f}   {verdict}")
    print("\nDatabase queries per page (empty cache / warm cache)")
    for path, (cold, warm) in counts.items():
        who = "institution admin" if path in STAFF_PAGES else "visitor"
        print(f"  {path:<60}{cold:>4} / {warm:<4} {who}")
    if missed:
        sys.exit(f"\nTargets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
