"""Background work, through Django's task API (django-tasks-db's worker in production), and
what keeps it going when a worker is killed mid-task."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.tasks import TaskContext, TaskResultStatus, task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import PdfNotReady
from core.scheduling import every

logger = logging.getLogger(__name__)
# A task still "running" after this long lost its worker: every Praxis task takes well under
# a minute, and each can safely run again.
ABANDONED_AFTER = timedelta(minutes=15)


def requeue_abandoned(backend_name: str, worker_id: str) -> int:
    """Put back in the queue the tasks a stopped worker left running: those this worker id
    was running when it was killed (a worker runs one task at a time), and anyone's that have
    been running for longer than ABANDONED_AFTER. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - ABANDONED_AFTER
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    abandoned = [
        result.pk
        for result in running.only("pk", "worker_ids", "started_at")
        if result.worker_ids[-1:] == [worker_id] or result.started_at < cutoff
    ]
    requeued = running.filter(pk__in=abandoned).update(status=TaskResultStatus.READY)
    if requeued:
        logger.warning("Requeued %s task(s) that a stopped worker left running", requeued)
    return requeued


@every(timedelta(minutes=5))
@task()
def requeue_stalled_tasks() -> None:
    """The tasks a worker left running when it stopped for good, back in the queue (a restarted
    worker takes up its own at once)."""
    for backend_name in settings.TASKS:
        requeue_abandoned(backend_name, worker_id="")


@every(timedelta(minutes=1))
@task()
def publish_scheduled() -> None:
    """Publish and unpublish the pages and snippets whose scheduled time has come."""
    call_command("publish_scheduled")


def render_or_retry(
    context: TaskContext[[int], None], argument: int, render: Callable[[], object]
) -> None:
    """Run a PDF render in a task. If another process holds the render (a worker killed
    mid-render keeps its lease until it ends), the task is queued again for when the lease
    ends, so the PDF is made even then and never half-written."""
    try:
        render()
    except PdfNotReady as busy:
        task_result = context.task_result
        task_result.task.using(backend=task_result.backend, run_after=busy.retry_at).enqueue(
            argument
        )


@task()
def send_account_email(
    user_id: int | None, template_prefix: str, context: Mapping[str, Any], language: str
) -> None:
    """Render and send an account e-mail in the recipient's language.

    The task carries the user's id, not their address, so the queue holds no personal data;
    without one (a trainee with no account) nothing is sent.
    """
    from core.models import User

    if user_id is None:
        return
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    with translation.override(language):
        context = {**context, "user": user}
        subject = "".join(render_to_string(f"{template_prefix}_subject.txt", context).splitlines())
        body = render_to_string(f"{template_prefix}.txt", context)
    send_mail(subject, body, None, [user.email])
