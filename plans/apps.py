"""Curriculum plans: the courses a tier, field and region's training takes, and their book."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Curriculum plans")

    def ready(self) -> None:
        from plans import signals  # noqa: F401
