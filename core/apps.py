from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Users, institutions (the tenant), memberships, regions and the learning-site shell."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import signals  # noqa: F401
