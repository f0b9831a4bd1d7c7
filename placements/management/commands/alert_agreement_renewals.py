from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from placements.services import alert_renewals


class Command(BaseCommand):
    help = (
        "E-mail institutions about base agreements that end within 60 days and have no "
        "successor, once per agreement. The scheduler runs it daily; this runs it now."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = alert_renewals()
        self.stdout.write(f"{count} agreements due for renewal were announced.")
