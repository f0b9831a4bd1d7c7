"""`make bench` (search part): the Whoosh backend against SQLite FTS5 on the same corpus.

A corpus of Spanish teaching materials is generated (seeded, so every run has the same one) into
a fresh SQLite database. The same corpus and queries then go through Wagtail's database backend on
SQLite (FTS5) and on PostgreSQL, each in a process of its own, so that the default backend is
chosen on figures. The Whoosh index is built through the backend's own rebuild, the FTS5
table with one INSERT … SELECT. Queries alternate between the two so that both see the same
machine load; each answer is a first page of ten rows fetched from the database (the database
backend, which takes seconds per query on SQLite at this size, asks each query once). FTS5 has no
fuzzy matching and would reject the hostile queries: both are set against its single-term queries.
Targets (issue 26) are printed beside the figures; the bench exits non-zero when one is missed.
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "search"
DOCUMENTS = int(os.environ.get("BENCH_SEARCH_DOCUMENTS", "10000"))
REPEATS = 15
# Wagtail's database backend takes seconds per query at this size on SQLite: each query once.
DATABASE_REPEATS = 1
SEED = 2026
# The most each may take, as a multiple of FTS5's median (issue 26).
TARGETS = {"single term": 1.5, "multi-term": 2.0, "phrase": 3.0}
BUILD_TARGET = 20.0

TOPICS = [
    "intervención",
    "familia",
    "comunidad",
    "salud",
    "mental",
    "vejez",
    "infancia",
    "discapacidad",
    "pobreza",
    "vivienda",
    "violencia",
    "adicciones",
    "migración",
    "escuela",
    "hospital",
    "empleo",
    "cuidado",
    "duelo",
    "crisis",
    "mediación",
    "supervisión",
    "ética",
    "derechos",
    "participación",
    "resiliencia",
    "vulnerabilidad",
    "evaluación",
    "diagnóstico",
    "acompañamiento",
    "orientación",
    "prevención",
    "rehabilitación",
    "inclusión",
    "voluntariado",
    "trabajo",
    "social",
    "grupo",
    "caso",
    "red",
    "protección",
    "política",
    "servicio",
    "recurso",
    "entrevista",
    "práctica",
]
FILLER = [
    "de",
    "la",
    "el",
    "en",
    "y",
    "con",
    "para",
    "los",
    "las",
    "del",
    "por",
    "una",
    "un",
    "a",
    "sobre",
    "entre",
    "desde",
    "sus",
    "como",
]


def sentence(rng, length):
    words = [
        rng.choice(TOPICS) if rng.random() < 0.45 else rng.choice(FILLER) for _ in range(length)
    ]
    return " ".join(words).capitalize()


def corpus(count):
    rng = random.Random(SEED)
    for _ in range(count):
        yield (
            sentence(rng, rng.randint(4, 8)),
            ". ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 8))),
        )


QUERIES = {
    "single term": [[w] for w in ("familia", "mediación", "vejez", "duelo", "escuela", "red")],
    "multi-term": [
        ["intervención", "familia"],
        ["salud", "mental"],
        ["crisis", "escuela"],
        ["trabajo", "social", "comunidad"],
        ["prevención", "adicciones"],
    ],
    "phrase": [["trabajo", "social"], ["salud", "mental"], ["de", "la", "familia"]],
    "fuzzy": [["familai"], ["mediacion"], ["vulnerabilidaz"], ["supervsión"]],
    # What a careless or hostile visitor types; the site search caps it, the backend must cope.
    "hostile": [["x" * 10_000], ["familia"] * 500, ['"familia', "AND", "NOT", "(", "*"]],
}


def prepare(env):
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def environment(database_url, backend):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        SEARCH_BACKEND=backend,
        SEARCH_INDEX_DIR=str(WORK / "index"),
        PYTHONPATH=str(ROOT),
    )
    return env


def fill_and_index():
    """The corpus in the database, indexed by the configured backend's own rebuild; the
    seconds the index took."""
    from wagtail.models import Locale
    from wagtail.search.backends import get_search_backend

    from core.models import Institution, Region
    from curriculum.models import TeachingMaterial

    region = Region.objects.create(name="Provincia de prueba", level=Region.Level.PROVINCE)
    institution = Institution.objects.create(
        name="Instituto de prueba",
        slug="instituto",
        kind=Institution.Kind.UNIVERSITY,
        region=region,
    )
    TeachingMaterial.objects.bulk_create(
        TeachingMaterial(
            institution=institution,
            title=title,
            description=description,
            kind=TeachingMaterial.Kind.CASE_STUDY,
            licence=TeachingMaterial.Licence.CC_BY,
            url="https://example.org/",
            language="es",
            locale=Locale.get_default(),
        )
        for title, description in corpus(DOCUMENTS)
    )
    backend = get_search_backend()
    index = backend.get_index_for_model(TeachingMaterial)
    started = time.perf_counter()
    rebuilder = backend.rebuilder_class(index)
    staged = rebuilder.start()
    objects = TeachingMaterial.get_indexed_objects().order_by("pk")
    for offset in range(0, DOCUMENTS, 1000):
        staged.add_items(TeachingMaterial, list(objects[offset : offset + 1000]))
    rebuilder.finish()
    return time.perf_counter() - started


def through_wagtail(kind, words):
    """A first page of ten through Wagtail's search API, on whichever backend is configured."""
    from modelsearch.query import Fuzzy, Phrase, PlainText
    from wagtail.search.backends import get_search_backend

    from curriculum.models import TeachingMaterial

    text = " ".join(words)
    query = {"phrase": Phrase(text), "fuzzy": Fuzzy(text)}.get(kind) or PlainText(
        text, operator="and"
    )
    return [m.pk for m in get_search_backend().search(query, TeachingMaterial)[:10]]


def median_times(run, kinds, repeats):
    """{kind: (median ms, p95 ms)} of `run(kind, words)` over every query of each kind."""
    figures = {}
    for kind in kinds:
        times = []
        for _ in range(repeats):
            for words in QUERIES[kind]:
                started = time.perf_counter()
                run(kind, words)
                times.append((time.perf_counter() - started) * 1000)
        figures[kind] = (statistics.median(times), percentile(times, 0.95))
    return figures


def database_backend(database_url):
    """Run in a process of its own (`--database URL`): the corpus indexed and searched through
    Wagtail's database backend on that database (SQLite's FTS5, PostgreSQL's full-text search);
    prints its figures as JSON."""
    env = environment(database_url, "database")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import NotSupportedError

    build = fill_and_index()
    kinds = []
    for kind in ("single term", "multi-term", "phrase", "fuzzy"):
        try:
            through_wagtail(kind, QUERIES[kind][0])  # warm, and find what the backend does
        except (NotImplementedError, NotSupportedError):  # fuzzy: not on SQLite, nor here
            continue
        kinds.append(kind)
    figures = median_times(through_wagtail, kinds, DATABASE_REPEATS)
    print(json.dumps({"build": build, "queries": figures}))


def database_figures():
    """(label, figures) of the database backend on a fresh SQLite file and, where it answers,
    a fresh PostgreSQL database."""
    databases = [("SQLite", f"sqlite:///{WORK / 'database-backend.sqlite3'}")]
    admin = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
    try:
        import psycopg

        with psycopg.connect(admin + "/postgres", autocommit=True, connect_timeout=3) as db:
            db.execute("DROP DATABASE IF EXISTS praxis_bench_search")
            db.execute("CREATE DATABASE praxis_bench_search")
        databases.append(("PostgreSQL", f"{admin}/praxis_bench_search"))
    except Exception as error:  # no server here: the figures say so
        print(f"  (PostgreSQL not measured: {error})")
    for label, url in databases:
        done = subprocess.run(
            [sys.executable, __file__, "--database", url],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        yield label, json.loads(done.stdout.strip().splitlines()[-1])


def main():
    if sys.argv[1:2] == ["--database"]:
        database_backend(sys.argv[2])
        return
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = environment(f"sqlite:///{WORK / 'search.sqlite3'}", "whoosh")
    print(f"\nSearch: {DOCUMENTS} generated Spanish documents; preparing…", flush=True)
    prepare(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from curriculum.models import TeachingMaterial

    whoosh_build = fill_and_index()

    table = TeachingMaterial._meta.db_table
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            "CREATE VIRTUAL TABLE bench_fts USING fts5(title, description, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        cursor.execute(
            f"INSERT INTO bench_fts(rowid, title, description) "
            f"SELECT id, title, description FROM {table}"
        )
        fts_build = time.perf_counter() - started

    whoosh = through_wagtail

    def fts(kind, words):
        if kind == "phrase":
            match = '"' + " ".join(words) + '"'
        elif kind in ("fuzzy", "hostile"):
            match = "familia"  # FTS5 cannot do these: the single-term reference
        else:
            match = " AND ".join(f'"{w}"' for w in words)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.id, m.title FROM bench_fts JOIN {table} m ON m.id = bench_fts.rowid "
                "WHERE bench_fts MATCH %s ORDER BY rank LIMIT 10",
                [match],
            )
            return cursor.fetchall()

    for kind, queries in QUERIES.items():  # warm both: open searchers, page cache
        for words in queries:
            whoosh(kind, words), fts(kind, words)
    found = {kind: sum(bool(whoosh(kind, w)) for w in qs) for kind, qs in QUERIES.items()}

    missed = []

    def verdict(kind, ratio, target):
        if target is None:
            return ""
        if ratio > target:
            missed.append(kind)
        return f"   target ≤ {target:g}×  {'met' if ratio <= target else 'MISSED'}"

    build_ratio = whoosh_build / fts_build
    print(
        f"  index build: Whoosh {whoosh_build:.1f} s, FTS5 {fts_build:.2f} s "
        f"({build_ratio:.0f}× FTS5){verdict('index build', build_ratio, BUILD_TARGET)}"
    )
    print(
        f"  {'query':<14}{'Whoosh median':>15}{'p95':>9}{'FTS5 median':>13}{'p95':>9}"
        f"{'median ratio':>14}{'p95 ratio':>11}"
    )
    fts_medians = {}
    for kind, queries in QUERIES.items():
        times = {"whoosh": [], "fts": []}
        for _ in range(REPEATS):
            for words in queries:
                for name, run in (("whoosh", whoosh), ("fts", fts)):
                    started = time.perf_counter()
                    run(kind, words)
                    times[name].append((time.perf_counter() - started) * 1000)
        w, f = times["whoosh"], times["fts"]
        wm, fm = statistics.median(w), statistics.median(f)
        fts_medians[kind] = fm
        wp, fp = percentile(w, 0.95), percentile(f, 0.95)
        print(
            f"  {kind:<14}{wm:>12.2f} ms{wp:>6.2f} ms{fm:>10.2f} ms{fp:>6.2f} ms"
            f"{wm / fm:>13.1f}×{wp / fp:>10.1f}×   ({found[kind]}/{len(queries)} found)"
            f"{verdict(kind, wm / fm, TARGETS.get(kind))}"
        )
    print(
        "\n  The same queries through Wagtail's search API on its database backend "
        "(median ms, and ratio to FTS5 above):"
    )
    for label, figures in database_figures():
        build = figures["build"]
        cells = ", ".join(
            f"{kind} {median:.2f} ms ({median / fts_medians[kind]:.1f}×)"
            for kind, (median, _p95) in figures["queries"].items()
        )
        print(f"  {label:<11} index build {build:.1f} s ({build / fts_build:.0f}× FTS5); {cells}")
    if missed:
        sys.exit(f"\nSearch targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
