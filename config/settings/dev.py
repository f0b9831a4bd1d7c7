"""Local development: `make run`. Plain HTTP, console e-mail, a secret key of this checkout."""

import os

from config.settings.checkout import secret_key

os.environ["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secret_key()
os.environ.setdefault("DEBUG", "true")

from .base import *

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]"]
