"""The scheduler: enqueues every app's periodic tasks at their times (core.scheduling), for the
task worker (`db_worker`) to run. Start one beside the workers (`make run` does), or run
`scheduler --once` every minute from cron or a systemd timer; several at once enqueue each run
once."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.scheduling import enqueue_due

TICK_SECONDS = 60


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (scheduled publishing, renewal alerts…) at their times."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due now, then stop (for cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            enqueued = enqueue_due()
            if options["once"]:
                self.stdout.write(f"{len(enqueued)} periodic task(s) enqueued.")
                return
            # Wake just after the next minute starts, when the next slots begin.
            time.sleep(TICK_SECONDS - timezone.now().second + 1)
