"""Production: base.py as it is, which reads everything from the environment.

Kept as its own module so deployments name it explicitly
(DJANGO_SETTINGS_MODULE=config.settings.production) and so production-only additions have a home.
"""

from .base import *

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG).")
