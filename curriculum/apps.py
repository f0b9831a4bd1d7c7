"""Service fields, tiers, professional levels, competency frameworks and curriculum plans.

The room is laid out; its models arrive with the issue that builds them.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")
