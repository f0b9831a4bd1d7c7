from typing import Any

from django.core.management.base import BaseCommand

from core.demo_parts import parts


class Command(BaseCommand):
    help = (
        "Load the demo: institutions, staff in every role, pages in three languages, "
        "competency frameworks, course policies, teaching materials, courses, offerings, faculty, "
        "placements, quality evaluation, invitations and an erased trainee. Re-runnable."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = []
        for load in parts():
            created += load()
        if created:
            for line in created:
                self.stdout.write(f"  + {line}")
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(created)} new objects."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo already loaded: nothing changed."))
