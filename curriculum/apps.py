"""Service fields, tiers, professional levels, service methods, competency frameworks,
teaching materials and institutions' course policies; curriculum plans follow."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self) -> None:
        from curriculum import signals  # noqa: F401
