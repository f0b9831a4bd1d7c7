"""Practice bases' agreements: alerts to renew those about to expire."""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from core.models import Membership
from core.services import preferred_language
from core.tasks import send_account_email
from placements.models import MANAGING_ROLES, BaseAgreement


def alert_renewals(today: datetime.date | None = None) -> int:
    """E-mail each institution's administrators and coordinators, once, about its agreements
    that end within the notice period and have no successor; returns how many were due."""
    today = today or timezone.localdate()
    due = list(
        BaseAgreement.objects.due_for_renewal(today)
        .filter(renewal_alerted_on__isnull=True)
        .select_related("base")
    )
    for agreement in due:
        context = {"base": agreement.base.name, "ends_on": agreement.ends_on.isoformat()}
        people = Membership.objects.filter(
            institution=agreement.base.institution_id, role__in=MANAGING_ROLES
        ).values_list("user_id", flat=True)
        for user_id in set(people):
            language = preferred_language(user_id)
            transaction.on_commit(
                partial(
                    send_account_email.enqueue,
                    user_id,
                    "placements/email/renewal",
                    context,
                    language,
                )
            )
        agreement.renewal_alerted_on = today
        agreement.save(update_fields=["renewal_alerted_on"])
    return len(due)
