"""django-tasks-db's `db_worker`, which first puts back in the queue the tasks a stopped worker
left running (see `core.tasks.requeue_abandoned`). Give each worker of a pool its own stable
`--worker-id` (praxis-1, praxis-2…), so a restarted worker takes up its own interrupted task at
once; others' are taken up once they are older than ABANDONED_AFTER."""

from typing import Any

from django_tasks_db.management.commands import db_worker

from core.tasks import requeue_abandoned


class Command(db_worker.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        requeue_abandoned(options["backend_name"], options["worker_id"])
        super().handle(*args, **options)
