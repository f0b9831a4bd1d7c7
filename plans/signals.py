"""Publishing a plan, or a course a plan teaches, discards the plan's stored book and, once the
publication is committed, queues a new one; unpublishing discards it."""

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from core.pdf import discard_page_pdfs
from courses.models import CoursePage
from plans.models import CurriculumPlanPage, PlanCourse
from plans.tasks import render_plan_book


def plans_printing(page: Page) -> set[int]:
    """The plans whose book prints this page: the plan itself, or the plans of a course."""
    if isinstance(page, CurriculumPlanPage):
        return {page.pk}
    if isinstance(page, CoursePage):
        return set(PlanCourse.objects.filter(course=page).values_list("plan_id", flat=True))
    return set()


@receiver(page_published)
def queue_books(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    plans = plans_printing(instance)
    if not plans:
        return
    discard_page_pdfs(plans)
    if settings.PDF_RENDER_ON_PUBLISH:
        for plan_id in plans:
            transaction.on_commit(partial(render_plan_book.enqueue, plan_id))


@receiver(page_unpublished)
def discard_unpublished_books(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    if plans := plans_printing(instance):
        discard_page_pdfs(plans)
