"""The embedded search backend and the site search.

The room is laid out; its models arrive with the issue that builds them.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
