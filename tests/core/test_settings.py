"""Production settings read from the environment, checked in a fresh process as a deployment
would start: the settings the README documents really exist and take effect."""

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import formats, translation

pytestmark = pytest.mark.sqlite

ROOT = Path(__file__).resolve().parents[2]
REPORT = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connection
from wagtail.search.backends import get_search_backend
print(json.dumps({
    "database": [connection.vendor, connection.settings_dict["NAME"],
                 connection.settings_dict["HOST"]],
    "storage": type(storages["default"]).__name__,
    "bucket": getattr(storages["default"], "bucket_name", None),
    "search": type(get_search_backend()).__module__,
    "search_urls": settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS"),
    "search_path": settings.WAGTAILSEARCH_BACKENDS["default"].get("PATH"),
    "cache": type(caches["default"]).__name__,
}))
"""


def production(**variables):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "AWS_", "SEARCH_", "REDIS_", "DEBUG"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "x" * 60}
    env |= variables
    return subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, env=env, capture_output=True, text=True
    )


def report(**variables):
    result = production(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_need_no_other_server():
    facts = report()
    assert facts["database"][0] == "sqlite"
    assert facts["storage"] == "FileSystemStorage"
    assert facts["search"] == "search.backends.whoosh"
    assert facts["search_path"] == str(ROOT / "var" / "search-index")
    assert facts["cache"] == "LocMemCache"


def test_several_machines_share_postgresql_s3_a_search_server_and_redis():
    facts = report(
        DATABASE_URL="postgres://praxis:secret@db.internal:5432/praxis",
        AWS_STORAGE_BUCKET_NAME="praxis-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        SEARCH_BACKEND="opensearch",
        SEARCH_URLS="https://search-1.internal:9200,https://search-2.internal:9200",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert facts["database"] == ["postgresql", "praxis", "db.internal"]
    assert facts["storage"] == "S3Storage" and facts["bucket"] == "praxis-media"
    assert facts["search"] == "modelsearch.backends.opensearch3"
    assert facts["search_urls"] == [
        "https://search-1.internal:9200",
        "https://search-2.internal:9200",
    ]
    assert facts["cache"] == "RedisCache"


def test_the_search_index_directory_and_the_database_backend_are_settings():
    assert report(SEARCH_INDEX_DIR="/srv/praxis/index")["search_path"] == "/srv/praxis/index"
    assert report(SEARCH_BACKEND="database")["search"].startswith("modelsearch.backends.database.")


def test_elasticsearch_is_the_other_search_server():
    assert report(SEARCH_BACKEND="elasticsearch")["search"] == (
        "modelsearch.backends.elasticsearch9"
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "true"}, "DEBUG must be off in production"),
        ({"SEARCH_BACKEND": "solr"}, "SEARCH_BACKEND='solr' is not known"),
    ],
)
def test_a_wrong_setting_stops_start_up_with_a_message_that_says_what_to_fix(variables, message):
    result = production(**variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_development_key_is_this_checkouts_own_and_never_committed(settings):
    """Links and sessions signed with the key of `make run`, the tests or the bench cannot
    be forged from the repository: it is random and lives in var/, which git ignores."""
    from config.settings.checkout import KEY_FILE, secret_key

    assert settings.SECRET_KEY == secret_key() == KEY_FILE.read_text().strip()
    assert len(settings.SECRET_KEY) >= 50
    git = shutil.which("git")
    ignored = subprocess.run([git, "check-ignore", "-q", str(KEY_FILE)], cwd=ROOT, check=False)
    assert ignored.returncode == 0
    committed = subprocess.run([git, "grep", "-qF", settings.SECRET_KEY], cwd=ROOT, check=False)
    assert committed.returncode == 1  # found nowhere in the tracked files


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("en", "12 August 2026", "2026-08-12 16:30"),
        ("es", "12 de agosto de 2026", "12/08/2026 16:30"),
        ("zh-hans", "2026年8月12日", "2026年8月12日 16:30"),
    ],
)
def test_dates_read_in_each_languages_order_never_the_us_one(language, long, short):
    moment = datetime.datetime(2026, 8, 12, 16, 30)
    with translation.override(language):
        assert formats.date_format(moment, "DATE_FORMAT") == long
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == short
