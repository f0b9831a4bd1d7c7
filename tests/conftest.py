import os

import pytest

from tests.indexes import index_updates_paused

# Playwright's sync API runs an event loop in the test thread; the live-server tests still
# touch the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# modelsearch's conformance suite needs settings of its own: make test-search-conformance.
collect_ignore = ["search_conformance"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached fragments and Wagtail's site paths are keyed
    by ids that the next test's database reuses for other rows."""
    from django.core.cache import cache

    cache.clear()


# Where every test keeps the indexes up to date: the search tests and the browser journeys (whose
# live server shares this process's signal handlers).
INDEXED_FOLDERS = ("search", "browser")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent.name in INDEXED_FOLDERS:
            item.add_marker(pytest.mark.indexed)


@pytest.fixture(autouse=True)
def index_updates(request):
    """Tests go without the search and reference indexes (tests.indexes) unless marked
    `indexed`: then both are kept up to date on every save, as the worker would."""
    if request.node.get_closest_marker("indexed"):
        yield
    else:
        with index_updates_paused():
            yield


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """Each test gets an empty Whoosh index: the database rolls back after a test, the index
    on disk does not, and ids come back for other rows."""
    if settings.SEARCH_BACKEND == "whoosh":
        backends = {name: dict(conf) for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()}
        backends["default"]["PATH"] = str(tmp_path / "search-index")
        settings.WAGTAILSEARCH_BACKENDS = backends


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its files (images; rendered PDFs and documents, which are private) in
    folders of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def english():
    """Messages are checked in English, the language they are written in."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def home(db):
    from tests import factories

    return factories.home_page()


@pytest.fixture
def two_institutions(home):
    """Institution A with its admin, and institution B with a course author."""
    from core.models import Role
    from tests import factories

    a = factories.institution(name="Universidad Alfa")
    b = factories.institution(name="Colegio Beta")
    admin_a = factories.member(a, Role.INSTITUTION_ADMIN)
    member_b = factories.member(b, Role.COURSE_AUTHOR, factories.user(email="beta@example.org"))
    return a, b, admin_a, member_b
