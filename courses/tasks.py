"""Background work for courses: rendering a published syllabus before anyone asks for it."""

from django.tasks import TaskContext, task

from core.tasks import render_or_retry
from courses import syllabus
from courses.models import CoursePage


@task(takes_context=True)
def render_published_syllabus(context: TaskContext, page_id: int) -> None:
    course = CoursePage.objects.live().filter(pk=page_id).first()
    if course is not None:
        render_or_retry(context, page_id, lambda: syllabus.syllabus_pdf(course, wait_seconds=0))
