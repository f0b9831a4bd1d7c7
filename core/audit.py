"""The audit trail of personal data: downloads of it, downloads of quality reports, and
erasures, kept as Wagtail log entries with Praxis's own actions, so that each object's history
in the admin (and Reports, Site history) shows who did what and when.

An entry names the file (and how many rows it has), never the people in it: the log itself
holds no personal data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogActionRegistry, LogFormatter, log

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from wagtail.models import BaseLogEntry

    from core.models import User

PERSONAL_DATA_DOWNLOAD = "praxis.personal_data_download"
REPORT_DOWNLOAD = "praxis.report_download"
ERASURE = "praxis.erasure"
ACTIONS = {
    PERSONAL_DATA_DOWNLOAD: _("Personal data downloaded"),
    REPORT_DOWNLOAD: _("Quality report downloaded"),
    ERASURE: _("Personal data erased"),
}


class AuditFormatter(LogFormatter):
    """A history line that says what was downloaded: "Personal data downloaded: roster.csv
    (12 rows)"."""

    def format_message(self, log_entry: BaseLogEntry) -> str | Promise:
        data = log_entry.data or {}
        if not data.get("file"):
            return self.label
        if data.get("rows") is None:
            return gettext("%(action)s: %(file)s") % {"action": self.label, "file": data["file"]}
        return ngettext(
            "%(action)s: %(file)s (%(rows)s row)",
            "%(action)s: %(file)s (%(rows)s rows)",
            data["rows"],
        ) % {"action": self.label, "file": data["file"], "rows": data["rows"]}


def register_actions(actions: LogActionRegistry) -> None:
    for action, label in ACTIONS.items():
        actions.register_action(action)(type("Formatter", (AuditFormatter,), {"label": label}))


def record(
    instance: Model, action: str, user: User | AnonymousUser | None, **data: str | int
) -> BaseLogEntry | None:
    """Log `action` on `instance` by `user`, with `data` (a file's name, a count) beside it."""
    return log(instance, action, user=user if user and user.is_authenticated else None, data=data)


def record_download(
    request: HttpRequest,
    instance: Model,
    filename: str,
    action: str = PERSONAL_DATA_DOWNLOAD,
    **data: str | int,
) -> BaseLogEntry | None:
    """Log that the request's user downloaded `filename`, made from `instance` (with `data`
    such as its number of rows)."""
    return record(instance, action, request.user, file=filename, **data)


def record_export(
    request: HttpRequest, queryset: QuerySet[Model], via: str, filename: str
) -> list[BaseLogEntry | None]:
    """Log a listing's export of people's records, which belongs to no single record.

    Wagtail logs an action on one object, and a listing has none of its own: the entry goes on
    each institution whose records the file holds (`via` is the lookup from a record to its
    institution) and where the user holds a role, that is, the institution under whose
    authority the download was made, in whose History page its administrators read it. An
    export of no rows holds nobody's data and is not logged.
    """
    from core.models import Institution, Role

    rows = queryset.count()
    if not rows:
        return []
    institutions = Institution.objects.with_role(request.user, Role.values).filter(
        pk__in=queryset.values(via)
    )
    return [record_download(request, i, filename, rows=rows) for i in institutions]
