"""100 simulated users on PostgreSQL with the demo, as ratios against the trivial view under the
same number of users in the same run.

Locust, used as a library, runs 100 users against gunicorn: 70 anonymous visitors browse the
catalog (its filters and pages), read course pages and search; 30 signed-in trainees (demo
trainees without a place in an open offering, each given a session) look at their dashboard,
read courses and, as a browser does, open an open offering's course page, post its Enrol form
with the page's CSRF token, land on the offering, think it over and post its Withdraw form,
landing on the dashboard. Every user reads a page for a think time before the next request.
Phases of these users alternate with phases in which as many users, with the same think time,
request only the trivial view; p50 and p95 of each request group are printed with their ratios
to the trivial view's. A request that fails — an unexpected status or redirect, a page without
its form, a connection error — fails the bench, as does a trainee's place that the database
does not show as the trainee's browser saw it, or an offering with more trainees than seats.
Needs PostgreSQL at PG_URL (default postgres://postgres@127.0.0.1:5432).
`--reuse-database` skips building the database when an earlier run left it (to work on the
bench itself: places left by earlier runs stay taken).
"""

import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between
from locust.env import Environment
from requests.cookies import create_cookie

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    PYTHON,
    REFERENCE,
    ROOT,
    WORK,
    bench_environment,
    free_port,
    get,
    postgres_database,
    start_gunicorn,
)

DATABASE = "praxis_bench_load"
USERS = 100
TRAINEES = 30  # of the USERS; the others are anonymous visitors
THINK = (10.0, 20.0)  # seconds a person reads a page before the next click
# Sync workers, two per core: a page is CPU-bound Python (about 0.1 s of CPU), so more processes
# than cores only queue, but while one worker waits for PostgreSQL the other on its core works.
# Threads or gevent would share one interpreter lock per process and add nothing for CPU work.
WORKERS = 4
WARM_UP = 10  # seconds of the site's mix, not measured, to fill every worker's caches
PHASE_SECONDS = 30
ROUNDS = 2  # site, reference, then reference, site: each gets an early and a late phase
SEARCHES = [
    "intervencion",
    "supervisoin",  # a typo: "did you mean"
    "社会工作",
    "salud mental",
    "mediación vecinal",
    "ética profesional",
    "trabajo comunitario",
    "personas mayores",
]
GROUPS = [
    "catalog",
    "course page",
    "search",
    "dashboard",
    "enrol (POST)",
    "offering page",
    "withdraw (POST)",
]
REFERENCE_GROUP = "trivial view"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# The demo's paths (catalog filters from its courses' own values) and the trainees' sessions.
SETUP = """
import json
from django.contrib.sessions.backends.db import SessionStore
from core.models import Region
from courses.models import CourseIndexPage, CourseOffering, CoursePage, Enrolment, Trainee

catalog = CourseIndexPage.objects.live().get(locale__language_code="es").url
courses = CoursePage.objects.live().filter(locale__language_code="es").order_by("path")
fields = courses.exclude(service_fields=None).values_list("service_fields__code", flat=True)
queries = ["", "?page=2", "?language=es", "?language=zh-hans&mode=blended"]
queries += [f"?field={{code}}" for code in sorted(set(fields))]
provinces = Region.objects.filter(parent=None).values_list("pk", flat=True)
queries += [f"?region={{pk}}" for pk in provinces]
kinds = courses.values_list("tier__code", "institution__slug", "delivery_mode")
for tier, institution, mode in sorted(set(kinds)):
    queries += [f"?tier={{tier}}", f"?institution={{institution}}", f"?mode={{mode}}"]
    queries += [f"?tier={{tier}}&institution={{institution}}", f"?mode={{mode}}&page=1"]
offerings = CourseOffering.objects.filter(status="open").select_related("course")
placed = Enrolment.objects.filter(offering__status="open", status__in=Enrolment.ACTIVE)
trainees = Trainee.objects.exclude(pk__in=placed.values("trainee")).select_related("user")
accounts = []
for trainee in trainees.filter(user__is_active=True).order_by("pk")[:{trainees}]:
    session = SessionStore()
    session["_auth_user_id"] = str(trainee.user.pk)
    session["_auth_user_backend"] = "core.backends.ModelBackend"
    session["_auth_user_hash"] = trainee.user.get_session_auth_hash()
    session.create()
    accounts.append({{"trainee": trainee.pk, "session": session.session_key, "enrolled": None}})
print("PATHS", json.dumps({{
    "catalog": [catalog + query for query in dict.fromkeys(queries)],
    "courses": [course.url for course in courses],
    "offerings": [{{"pk": o.pk, "course": o.course.url}} for o in offerings],
    "accounts": accounts,
}}))
"""
# The bench's trainees' active places, and each open offering's seats and trainees enrolled.
CHECK = """
import json
from courses.models import CourseOffering, Enrolment
active = Enrolment.objects.filter(
    trainee__in={trainees}, status__in=Enrolment.ACTIVE, offering__status="open"
)
seats = [
    (o.code, o.capacity, o.enrolments.filter(status="enrolled").count())
    for o in CourseOffering.objects.filter(status="open").order_by("code")
]
print("STATE", json.dumps({{"active": sorted(active.values_list("trainee", "offering")),
                           "seats": seats}}))
"""

PATHS = {}  # from SETUP: catalog, courses, offerings, accounts (each trainee's place kept here)
free_accounts = []
measuring = False  # False during the warm-up
times = {}  # request group → response times (ms) of the answered requests measured
failed = {}  # request group → requests measured that failed
warm_up = {"requests": 0, "failed": 0}
failures = []  # (group, what went wrong): every failure, the warm-up's included


def record(request_type, name, response_time, exception=None, url="", **_kwargs):
    if exception is not None:
        failures.append((name, f"{request_type} {url}: {exception}"))
    if not measuring:
        warm_up["requests"] += 1
        warm_up["failed"] += exception is not None
    elif exception is not None:
        failed[name] = failed.get(name, 0) + 1
    else:
        times.setdefault(name, []).append(response_time)


def page(user, path, group):
    """GET a page that must answer 200 with a whole HTML page, not a redirect; its HTML."""
    with user.client.get(path, name=group, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 200:
            location = response.headers.get("Location", "") if response.headers else ""
            response.failure(f"answered {response.status_code} {location}".rstrip())
            return ""
        text = response.text or ""
        if "</html>" not in text:
            response.failure("answered 200 without a whole page")
            return ""
        return text


def post(user, path, group, token, expected, fields=()):
    """POST a form that must redirect to a path ending with `expected`; where it redirects."""
    with user.client.post(
        path,
        data=urlencode({"csrfmiddlewaretoken": token, **dict(fields)}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        name=group,
        allow_redirects=False,
        catch_response=True,
    ) as response:
        location = response.headers.get("Location", "") if response.headers else ""
        if response.status_code != 302 or not location.endswith(expected):
            response.failure(f"answered {response.status_code} → {location or 'nowhere'}")
            return None
        response.success()
        return location


def form_token(html, group, form):
    """The CSRF token of the page's form; a page without the form is a failure."""
    token = TOKEN.search(html)
    if html and token is None:
        failures.append((group, f"no {form} form"))
    return token and token[1]


def catalog(user):
    page(user, random.choice(PATHS["catalog"]), "catalog")


def course(user):
    page(user, random.choice(PATHS["courses"]), "course page")


def search(user):
    page(user, "/es/search/?" + urlencode({"q": random.choice(SEARCHES)}), "search")


def dashboard(user):
    page(user, "/es/learn/", "dashboard")


def enrol_and_withdraw(user):
    """From an open offering's course page, enrol, land on the offering, think it over and
    withdraw, landing on the dashboard. A journey cut short by the end of a phase goes on from
    where it stopped in the next."""
    account = user.account
    html = ""
    if account["enrolled"] is None:
        offering = random.choice(PATHS["offerings"])
        pk = offering["pk"]
        token = form_token(page(user, offering["course"], "course page"), "course page", "Enrol")
        if not token:
            return
        user.wait()
        location = post(
            user,
            f"/es/learn/offerings/{pk}/enrol/",
            "enrol (POST)",
            token,
            f"/learn/offerings/{pk}/",
            {"next": offering["course"]},
        )
        if not location:
            return
        account["enrolled"] = pk
        html = page(user, location, "offering page")
        user.wait()
    pk = account["enrolled"]
    html = html or page(user, f"/es/learn/offerings/{pk}/", "offering page")
    token = form_token(html, "offering page", "Withdraw")
    if not token:
        return
    path = f"/es/learn/offerings/{pk}/withdraw/"
    location = post(user, path, "withdraw (POST)", token, "/learn/")
    if location:
        account["enrolled"] = None
        page(user, location, "dashboard")


def reference(user):
    with user.client.get(REFERENCE, name=REFERENCE_GROUP, catch_response=True) as response:
        if response.status_code != 200 or response.text != "ok":
            response.failure(f"answered {response.status_code}")


class Person(FastHttpUser):
    abstract = True
    wait_time = between(*THINK)

    def on_start(self):
        # People arrive over a mean think time, as if each were already somewhere in a visit.
        gevent.sleep(random.uniform(0, sum(THINK) / 2))


class Visitor(Person):
    tasks = {catalog: 3, course: 3, search: 2}


class SignedInTrainee(Person):
    fixed_count = TRAINEES
    tasks = {dashboard: 2, enrol_and_withdraw: 3, course: 1, catalog: 1}

    def on_start(self):
        self.account = free_accounts.pop()
        session = create_cookie("sessionid", self.account["session"], domain="127.0.0.1")
        self.client.cookiejar.set_cookie(session)
        super().on_start()


class ReferenceVisitor(Person):
    tasks = [reference]


def phase(port, user_classes, seconds):
    """USERS users of these classes for this long, then until gunicorn has answered every
    request; returns the requests made."""
    free_accounts[:] = PATHS["accounts"]
    environment = Environment(
        user_classes=user_classes, host=f"http://127.0.0.1:{port}", stop_timeout=60
    )
    environment.events.request.add_listener(record)
    runner = environment.create_local_runner()
    runner.start(USERS, spawn_rate=USERS)
    gevent.sleep(seconds)
    runner.stop()  # a request under way is answered; a user thinking stops thinking
    runner.quit()
    for error in runner.exceptions.values():
        failures.append(("locust", f"{error['msg']} ({error['count']}×)\n{error['traceback']}"))
    deadline = time.monotonic() + 120
    while True:  # every request queued before this one is answered: phases never overlap
        try:
            if get(port, REFERENCE) == 200:
                break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit("gunicorn answered nothing for 120 seconds after a phase.")
            gevent.sleep(0.5)
    return environment.stats.total.num_requests


def manage_shell(env, code, marker):
    """Run code in `manage.py shell`; the JSON it prints after the marker."""
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.split(f"{marker} ", 1)[1])


def prepare(env, reuse):
    commands = (
        ["migrate", "--noinput"],
        ["load_demo"],
        ["update_index"],
        ["collectstatic", "--noinput"],
    )
    if reuse:
        admin = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
        env["DATABASE_URL"] = f"{admin}/{DATABASE}"
    else:
        postgres_database(env, DATABASE, commands)
    PATHS.update(manage_shell(env, SETUP.format(trainees=TRAINEES), "PATHS"))


def check_places(env):
    """The database's places of the bench's trainees are the ones their browsers saw, and no
    open offering has more trainees enrolled than seats; returns the seats."""
    accounts = PATHS["accounts"]
    state = manage_shell(env, CHECK.format(trainees=[a["trainee"] for a in accounts]), "STATE")
    seen = sorted([a["trainee"], a["enrolled"]] for a in accounts if a["enrolled"])
    if state["active"] != seen:
        failures.append(("places", f"the database has {state['active']}, browsers saw {seen}"))
    for code, capacity, enrolled in state["seats"]:
        if enrolled > capacity:
            failures.append(("places", f"{code} has {enrolled} trainees for {capacity} seats"))
    return state["seats"]


def percentile(values, share):
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def row(label, values, failures_count, reference_p50, reference_p95):
    if not values:
        return f"  {label:<26}{failures_count:>9}{failures_count:>8}{'—':>9}{'—':>9}"
    p50, p95 = statistics.median(values), percentile(values, 95)
    return (
        f"  {label:<26}{len(values) + failures_count:>9}{failures_count:>8}{p50:>9.1f}"
        f"{p95:>9.1f}{p50 / reference_p50:>10.2f}{p95 / reference_p95:>10.2f}"
    )


def main():
    global measuring
    reuse = "--reuse-database" in sys.argv[1:]
    env = bench_environment()
    env["SEARCH_INDEX_DIR"] = str(WORK / "load-search-index")
    WORK.mkdir(parents=True, exist_ok=True)
    print("Preparing a PostgreSQL database with the demo…", flush=True)
    try:
        prepare(env, reuse)
    except subprocess.CalledProcessError as error:
        sys.exit(f"Preparing the load bench failed:\n{error.stderr or error}")
    except Exception as error:  # no PostgreSQL here: say so and stop
        sys.exit(f"Load bench needs PostgreSQL ({error}).")
    port = free_port()
    server = start_gunicorn(env, port, workers=WORKERS)
    rates = {"site": [], "reference": []}
    site = [Visitor, SignedInTrainee]
    started = time.monotonic()
    try:
        print(f"Running {USERS} users…", flush=True)
        phase(port, site, WARM_UP)
        measuring = True
        for round_number in range(ROUNDS):
            turns = ["site", "reference"]
            for turn in turns if round_number % 2 == 0 else turns[::-1]:
                users = site if turn == "site" else [ReferenceVisitor]
                rates[turn].append(phase(port, users, PHASE_SECONDS) / PHASE_SECONDS)
    finally:
        server.terminate()
        server.wait()
    seconds = time.monotonic() - started
    load = os.getloadavg()[0]
    seats = check_places(env)

    reference_times = times.get(REFERENCE_GROUP)
    if not reference_times:
        sys.exit("The trivial view answered nothing.")
    ref50, ref95 = statistics.median(reference_times), percentile(reference_times, 95)
    print(
        f"\nLoad on PostgreSQL: {USERS} users ({USERS - TRAINEES} visitors, {TRAINEES} signed-in "
        f"trainees), {THINK[0]:g}–{THINK[1]:g} s between requests; gunicorn with {WORKERS} sync "
        f"workers on {os.cpu_count()} CPUs; {ROUNDS} alternating rounds of {PHASE_SECONDS} s per "
        f"phase after {WARM_UP} s of warm-up ({seconds:.0f} s, load average {load:.1f} at the end)"
    )
    print(
        f"  {'request group':<26}{'requests':>9}{'failed':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p50 ×ref':>10}{'p95 ×ref':>10}"
    )
    reference_failed = failed.get(REFERENCE_GROUP, 0)
    print(row("trivial view (reference)", reference_times, reference_failed, ref50, ref95))
    groups = GROUPS + sorted((set(times) | set(failed)) - {*GROUPS, REFERENCE_GROUP})
    for group in groups:
        print(row(group, times.get(group, []), failed.get(group, 0), ref50, ref95))
    every = [t for group in groups for t in times.get(group, [])]
    print(row("every page", every, sum(failed.get(group, 0) for group in groups), ref50, ref95))
    print(
        f"  requests/s: {statistics.mean(rates['site']):.1f} pages, "
        f"{statistics.mean(rates['reference']):.1f} trivial view; warm-up: {warm_up['requests']} "
        f"requests, {warm_up['failed']} failed"
    )
    print("  open offerings after the run: " + ", ".join(f"{c} {n}/{s}" for c, s, n in seats))
    if failures:
        print(f"\n{len(failures)} failures (the first ten):", file=sys.stderr)
        for group, message in failures[:10]:
            print(f"  {group}: {message}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
