from importlib import import_module

from django.core.management.base import BaseCommand

# Each app's part of the demo, in the order they build on each other.
DEMO_MODULES = [
    "core.demo",
    "curriculum.demo",
    "courses.demo",
    "courses.demo_offerings",
    "courses.demo_invitations",
    "faculty.demo",
    "placements.demo",
    "assessment.demo",
    "courses.demo_privacy",
]


class Command(BaseCommand):
    help = (
        "Load the demo: institutions, staff in every role, pages in three languages, "
        "competency frameworks, course policies, teaching materials, courses, offerings, faculty, "
        "placements, quality evaluation, invitations and an erased trainee. Re-runnable."
    )

    def handle(self, *args, **options):
        created = []
        for module in DEMO_MODULES:
            created += import_module(module).load()
        if created:
            for line in created:
                self.stdout.write(f"  + {line}")
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(created)} new objects."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo already loaded: nothing changed."))
