"""Background work for courses: rendering a published syllabus, on publishing or when it is
first asked for."""

from __future__ import annotations

from django.apps import apps
from django.tasks import TaskContext, task

from core.tasks import render_or_retry
from courses import syllabus


@task(takes_context=True)
def render_published_syllabus(context: TaskContext[[int], None], page_id: int) -> None:
    # Looked up through the app registry: the course page's syllabus route enqueues this task.
    course = apps.get_model("courses", "CoursePage").objects.live().filter(pk=page_id).first()
    if course is not None:
        render_or_retry(context, page_id, lambda: syllabus.syllabus_pdf(course, wait_seconds=0))
