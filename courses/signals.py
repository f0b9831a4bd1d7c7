"""Publishing a course discards its stored PDFs and, once the publication is committed, queues
new ones; unpublishing discards them. (The books of the plans that teach a course follow in
plans.signals.) Saving an open offering tells the people waiting for its course."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from core.pdf import discard_page_pdfs
from courses import interest
from courses.models import CourseOffering, CoursePage
from courses.tasks import render_published_syllabus


@receiver(page_published)
def queue_syllabus(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    if not isinstance(instance, CoursePage):
        return
    discard_page_pdfs([instance.pk])
    if settings.PDF_RENDER_ON_PUBLISH:
        transaction.on_commit(lambda: render_published_syllabus.enqueue(instance.pk))


@receiver(page_unpublished)
def discard_unpublished_syllabus(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    if isinstance(instance, CoursePage):
        discard_page_pdfs([instance.pk])


@receiver(post_save, sender=CourseOffering)
def tell_those_waiting_for_it(
    sender: type[CourseOffering], instance: CourseOffering, **kwargs: Any
) -> None:
    """An offering opened (or saved while open): the course's interest list hears of it."""
    interest.tell_the_waiting(instance)
