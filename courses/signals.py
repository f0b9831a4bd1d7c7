"""Publishing a course or a plan discards its stored PDFs and, once the publication is
committed, queues new ones; unpublishing discards them. A course's PDFs include the books of the
plans that teach it."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from core.pdf import discard_page_pdfs
from courses.models import CoursePage
from courses.tasks import render_published_syllabus
from curriculum.models import CurriculumPlanPage, PlanCourse
from curriculum.tasks import render_plan_book


def plans_printing(page):
    """The plans whose book prints this page: the plan itself, or the plans of a course."""
    if isinstance(page, CurriculumPlanPage):
        return {page.pk}
    if isinstance(page, CoursePage):
        return set(PlanCourse.objects.filter(course=page).values_list("plan_id", flat=True))
    return set()


@receiver(page_published)
def queue_pdfs(sender, instance, **kwargs):
    if not isinstance(instance, CoursePage | CurriculumPlanPage):
        return
    plans = plans_printing(instance)
    discard_page_pdfs([instance.pk, *plans])
    if not settings.PDF_RENDER_ON_PUBLISH:
        return
    if isinstance(instance, CoursePage):
        transaction.on_commit(lambda: render_published_syllabus.enqueue(instance.pk))
    for plan_id in plans:
        transaction.on_commit(lambda plan_id=plan_id: render_plan_book.enqueue(plan_id))


@receiver(page_unpublished)
def discard_unpublished_pdfs(sender, instance, **kwargs):
    if isinstance(instance, CoursePage | CurriculumPlanPage):
        discard_page_pdfs([instance.pk, *plans_printing(instance)])
