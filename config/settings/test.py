"""The test suite: fast hashing, in-memory mail and cache, tasks run immediately."""

import os
import tempfile

from config.settings.checkout import secret_key

os.environ["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secret_key()
os.environ["DEBUG"] = "false"

from .base import *

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    # The real queue and worker, for the tests that exercise them.
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# Tests that publish pages would all render PDFs; the tests of rendering on publish turn it on.
PDF_RENDER_ON_PUBLISH = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
if SEARCH_BACKEND == "whoosh":
    # tests/conftest.py gives each test an empty index of its own.
    WAGTAILSEARCH_BACKENDS["default"]["PATH"] = tempfile.mkdtemp(prefix="praxis-test-search-")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", Path(tempfile.gettempdir()) / "praxis-test-media"))
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", Path(tempfile.gettempdir()) / "praxis-test-private")
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The test database is thrown away: a commit need not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
