"""The course catalog, course pages, offerings, trainees and enrolments.

So far it holds the structured blocks a course page is written in (units, assessment, references);
the pages, offerings and enrolments are being built on them.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
