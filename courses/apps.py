"""The course catalog, course pages, offerings, trainees and enrolments.

Course pages (the syllabus source) with their blocks, and the catalog; offerings, trainees and
enrolments come with their issue.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from courses import signals  # noqa: F401
