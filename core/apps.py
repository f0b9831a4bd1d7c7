from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Users, institutions (the tenant), memberships, regions and the learning-site shell."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import privacy, signals

        privacy.autodiscover()

        post_migrate.connect(signals.role_permissions_after_migrate, sender=self)
