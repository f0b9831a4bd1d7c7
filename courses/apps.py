"""The course catalog, course pages, offerings, trainees and enrolments.

The room is laid out; its models arrive with the issue that builds them.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
