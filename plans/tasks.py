"""Background work for curriculum plans: rendering the plan book."""

from __future__ import annotations

from django.apps import apps
from django.tasks import TaskContext, task

from core.tasks import render_or_retry
from plans import services


@task(takes_context=True)
def render_plan_book(context: TaskContext[[int], None], page_id: int) -> None:
    # Looked up through the app registry: the plan page's book route enqueues this task.
    plans = apps.get_model("plans", "CurriculumPlanPage").objects.live()
    plan = plans.filter(pk=page_id).first()
    if plan is not None:
        render_or_retry(context, page_id, lambda: services.plan_book_pdf(plan, wait_seconds=0))
