"""Settings for modelsearch's upstream conformance suite run against the Whoosh backend.

The suite brings its own test app (``modelsearch.test.testapp``) and cannot share settings with
``wagtail.search``, so it runs in its own process: ``make test-search-conformance``.
"""

import tempfile
from pathlib import Path

SECRET_KEY = "conformance-suite-only"
DEBUG = True
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FIXTURE_DIRS = [Path(__file__).parent / "fixtures"]
MODELSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends.whoosh",
        "PATH": tempfile.mkdtemp(prefix="praxis-conformance-"),
    }
}
