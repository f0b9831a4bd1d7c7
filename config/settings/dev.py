"""Local development: `make run`. Plain HTTP, console e-mail, a fixed development secret."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-secret-key-never-use-in-production-0123456789abcdef")
os.environ.setdefault("DEBUG", "true")

from .base import *

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]"]
