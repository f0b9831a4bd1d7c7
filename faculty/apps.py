"""Faculty members, faculty pools and teaching assignments.

The room is laid out; its models arrive with the issue that builds them.
"""

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class FacultyConfig(AppConfig):
    name = "faculty"
    verbose_name = pgettext_lazy("teachers as a body", "Faculty")

    def ready(self) -> None:
        from faculty import signals  # noqa: F401
