"""The placements' periodic work (core.scheduling)."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task

from core.scheduling import every
from placements.services import alert_renewals


@every(timedelta(days=1), at=timedelta(hours=7))
@task()
def alert_agreement_renewals() -> None:
    """E-mail institutions about base agreements due for renewal, once per agreement."""
    with transaction.atomic():
        alert_renewals()
