"""`make bench` (PDF part): our syllabus render against raw WeasyPrint on the same HTML.

Runs after bench/run.py, on the demo database it prepared. A demo course is given more and more
units in memory until its syllabus is 10 and then 50 pages long. For each length, rounds
alternate between (a) Praxis's whole render — context, template, project-only fetcher, write —
and raw WeasyPrint on the HTML Praxis produced, with its default fetcher reading the same
stylesheet from disk. Medians and their ratio are printed, then the seconds per page, and what a
fresh process pays to import WeasyPrint before it can render anything.
"""

import copy
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import WORK, bench_environment, prepare  # noqa: E402

ROUNDS = 7
COURSE_CODE = "TS-301"


def padded_course(course, units):
    """The course with `units` units, each with a full plan, built in memory only."""
    from courses.blocks import UnitBlock

    padded = copy.copy(course)
    template = dict(course.units[0].value)
    template.update(
        objectives=[f"Objetivo de aprendizaje número {n} de la unidad" for n in range(6)],
        topics=[f"Tema {n}: marco teórico, casos y práctica supervisada" for n in range(6)],
        activities=[f"Actividad {n}: juego de roles y análisis de casos" for n in range(4)],
    )
    block = UnitBlock()
    padded.units = [
        ("unit", block.to_python(block.get_prep_value(template) | {"title": f"Unidad {n + 1}"}))
        for n in range(units)
    ]
    return padded


def units_for(course, revision, pages):
    """How many units make a syllabus of about `pages` pages."""
    from courses import syllabus

    units = 20
    for _ in range(2):  # a second guess corrects for the fixed pages (cover, tables)
        rendered = syllabus.render_syllabus(padded_course(course, units), revision).pages
        units = max(1, round(units * pages / rendered))
    return units


def raw_html(course, revision):
    """The HTML Praxis renders, with project URLs turned into file paths for the default fetcher."""
    from django.conf import settings

    from core import pdf, pdf_urls, publishing
    from courses import syllabus

    html = pdf.render_html(
        "courses/syllabus_pdf.html",
        syllabus.syllabus_context(course, revision),
        language=publishing.page_language(course),
    )
    html = html.replace(pdf.static_url(""), (ROOT / "static").as_uri() + "/")
    media = Path(settings.MEDIA_ROOT).as_uri() + "/"
    return html.replace(pdf_urls.PDF_ORIGIN + pdf_urls.MEDIA_PREFIX, media)


def time_renders(course, revision):
    import weasyprint

    from courses import syllabus

    html = raw_html(course, revision)
    ours, raw, pages = [], [], 0
    for round_number in range(ROUNDS):
        steps = ["ours", "raw"] if round_number % 2 == 0 else ["raw", "ours"]
        for step in steps:
            started = time.perf_counter()
            if step == "ours":
                pages = syllabus.render_syllabus(course, revision).pages
                ours.append(time.perf_counter() - started)
            else:
                weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf()
                raw.append(time.perf_counter() - started)
    return pages, statistics.median(ours), statistics.median(raw)


def import_seconds():
    """Median seconds a fresh interpreter needs to import WeasyPrint."""
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import weasyprint"], check=True)
        samples.append(time.perf_counter() - started)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return statistics.median(samples) - (time.perf_counter() - started)


def main():
    env = bench_environment()
    if not (WORK / "bench.sqlite3").exists():
        print("Preparing a fresh demo database…", flush=True)
        prepare(env)
    os.environ.update(env)
    import django

    django.setup()
    from core import publishing
    from courses import syllabus
    from courses.models import CoursePage

    course = CoursePage.objects.live().get(code=COURSE_CODE, locale__language_code="es")
    revision = publishing.published_revision(course)
    syllabus.render_syllabus(course, revision)  # warm: fonts, templates, stylesheet

    print(f"\nPDF syllabus renders (median of {ROUNDS} alternating rounds, warm process)")
    header = ("pages", "Praxis s", "raw WeasyPrint s", "overhead", "s/page")
    print("  {:>5}  {:>9}  {:>16}  {:>8}  {:>7}".format(*header))
    for target in (10, 50):
        padded = padded_course(course, units_for(course, revision, target))
        pages, ours, raw = time_renders(padded, revision)
        overhead, per_page = ours / raw, ours / pages
        print(f"  {pages:>5}  {ours:>9.2f}  {raw:>16.2f}  {overhead:>7.2f}×  {per_page:>7.3f}")
    print(f"  A fresh process first spends {import_seconds():.2f} s importing WeasyPrint: renders")
    print("  belong in the long-lived task worker, never in a subprocess per request.")


if __name__ == "__main__":
    main()
