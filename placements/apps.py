"""Practice bases, agreements, placements, hours and supervision.

The room is laid out; its models arrive with the issue that builds them.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements")
