from django.core.management.base import BaseCommand

from core import demo


class Command(BaseCommand):
    help = (
        "Load the demo: institutions, staff in every role, pages in three languages. Re-runnable."
    )

    def handle(self, *args, **options):
        created = demo.load()
        if created:
            for line in created:
                self.stdout.write(f"  + {line}")
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(created)} new objects."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo already loaded: nothing changed."))
