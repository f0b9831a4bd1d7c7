import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from django.db import connections

    snapshot = getattr(connections["default"], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        # Playwright runs an event loop in this thread, so Django now keeps connection objects
        # per context and hands out a new one; give it the snapshot that serialized rollback
        # restores (it was taken on the old one when the non-browser tests ran first).
        if snapshot is not None:
            connections["default"]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo as the session's first journey loaded it: its SQLite database (copied with
    SQLite's backup) and its folders (media, private files, search index), for every later
    journey to start from a copy of it in a moment instead of loading it again."""
    template = {"folders": tmp_path_factory.mktemp("demo-template")}
    yield template
    if "database" in template:
        template["database"].close()


def demo_folders(settings):
    """The folders the demo writes files to, in this test's settings."""
    folders = {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}
    if settings.SEARCH_BACKEND == "whoosh":
        folders["index"] = settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"]
    return {name: Path(folder) for name, folder in folders.items()}


def copy_folders(sources, targets):
    """Each source folder that exists in place of its target (the search index's links as
    links)."""
    for name, source in sources.items():
        if source.exists():
            shutil.rmtree(targets[name], ignore_errors=True)
            shutil.copytree(source, targets[name], symlinks=True)


def one_request_at_a_time(live_server):
    """The live server's threads share the test's in-memory SQLite connection, which takes one
    query at a time: a page that loads several things at once (wagtail-localize's editor
    fetches each chooser's record) would otherwise break a request, and a broken request
    drops the session cookie. The server still accepts connections in parallel."""
    server = live_server.thread.httpd
    application = server.get_app()
    if getattr(application, "one_at_a_time", False):
        return
    lock = threading.Lock()

    def serialised(environ, start_response):
        with lock:
            return application(environ, start_response)

    serialised.one_at_a_time = True
    server.set_app(serialised)


@pytest.fixture
def demo_server(django_db_serialized_rollback, live_server, demo_template, settings):
    """The demo on a live server, each journey with its own copy (journeys write: sign-ups,
    rounds, placements). Serialized rollback restores, after the test, the rows migrations
    made (root page, locales) that a transactional test flushes. On PostgreSQL each journey
    loads the demo itself."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        call_command("load_demo", verbosity=0)
        return live_server
    one_request_at_a_time(live_server)
    connection.ensure_connection()
    folders = demo_folders(settings)
    kept = {name: demo_template["folders"] / name for name in folders}
    if "database" not in demo_template:
        call_command("load_demo", verbosity=0)
        demo_template["database"] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(demo_template["database"])
        copy_folders(folders, kept)
    else:
        demo_template["database"].backup(connection.connection)
        copy_folders(kept, folders)
    return live_server


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def screenshot(page, name):
    """Keep a full-page picture of what the person sees, to look at (ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
