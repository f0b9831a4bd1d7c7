"""Publishing a course or a plan queues its PDFs, once the publication is committed;
unpublishing one discards them."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from core.pdf import discard_pdfs
from courses.models import CoursePage
from courses.services import syllabus_scope
from courses.tasks import render_published_syllabus
from curriculum.models import CurriculumPlanPage, PlanCourse
from curriculum.services import book_scope
from curriculum.tasks import render_plan_book


@receiver(page_published)
def queue_pdfs(sender, instance, **kwargs):
    if not settings.PDF_RENDER_ON_PUBLISH:
        return
    if isinstance(instance, CoursePage):
        transaction.on_commit(lambda: render_published_syllabus.enqueue(instance.pk))
        plans = PlanCourse.objects.filter(course=instance).values_list("plan_id", flat=True)
    elif isinstance(instance, CurriculumPlanPage):
        plans = [instance.pk]
    else:
        return
    for plan_id in set(plans):
        transaction.on_commit(lambda plan_id=plan_id: render_plan_book.enqueue(plan_id))


@receiver(page_unpublished)
def discard_unpublished_pdfs(sender, instance, **kwargs):
    if isinstance(instance, CoursePage):
        discard_pdfs(syllabus_scope(instance.pk))
    elif isinstance(instance, CurriculumPlanPage):
        discard_pdfs(book_scope(instance.pk))
