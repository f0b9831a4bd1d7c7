import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the live-server tests still
# touch the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def home(db):
    from tests import factories

    return factories.home_page()
