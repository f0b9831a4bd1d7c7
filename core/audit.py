"""The audit trail of personal data: downloads of it, downloads of quality reports, and
erasures, kept as Wagtail log entries with Praxis's own actions, so that each object's history
in the admin (and Reports, Site history) shows who did what and when.

An entry names the file, never the people in it: the log itself holds no personal data.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

PERSONAL_DATA_DOWNLOAD = "praxis.personal_data_download"
REPORT_DOWNLOAD = "praxis.report_download"
ERASURE = "praxis.erasure"
ACTIONS = {
    PERSONAL_DATA_DOWNLOAD: _("Personal data downloaded"),
    REPORT_DOWNLOAD: _("Quality report downloaded"),
    ERASURE: _("Personal data erased"),
}


def register_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


def record(instance, action, user, **data):
    """Log `action` on `instance` by `user`, with `data` (a file's name, a count) beside it."""
    return log(instance, action, user=user if user and user.is_authenticated else None, data=data)


def record_download(request, instance, filename, action=PERSONAL_DATA_DOWNLOAD):
    """Log that the request's user downloaded `filename`, made from `instance`."""
    return record(instance, action, request.user, file=filename)
