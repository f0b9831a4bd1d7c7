"""Production settings served over plain HTTP on loopback, plus a trivial reference view."""

import os

from config.settings.checkout import secret_key

os.environ["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secret_key()

from config.settings.production import *

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
LOGGING["root"]["level"] = "WARNING"
# The demo's notifications go nowhere: there is no mail server to benchmark.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

if os.environ.get("BENCH_CACHE") == "dummy":  # the uncached server of the pair
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
