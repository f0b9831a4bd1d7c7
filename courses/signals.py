"""Publishing a course discards its stored PDFs and, once the publication is committed, queues
new ones; unpublishing discards them. (The books of the plans that teach a course follow in
plans.signals.) Saving an open offering tells the people waiting for its course. An edition's
dates, seats and sessions show on its course's page and in the catalog: a change to an offering,
an enrolment or a session purges them for visitors (core.pagecache)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from core import pagecache
from core.pdf import discard_page_pdfs
from courses import interest
from courses.models import CourseOffering, CoursePage, Enrolment, Session
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


def purge_course_pages(courses: QuerySet[CoursePage]) -> None:
    """Forgets these course pages, and what lists them, for visitors."""
    pages = list(courses.only("pk", "translation_key", "path"))
    pagecache.purge(
        {pagecache.CONTENT, *(pagecache.page_tag(page.translation_key) for page in pages)}, pages
    )


@receiver(post_save, sender=CourseOffering)
@receiver(post_delete, sender=CourseOffering)
def purge_offering_course(
    sender: type[CourseOffering], instance: CourseOffering, **kwargs: Any
) -> None:
    purge_course_pages(CoursePage.objects.filter(pk=instance.course_id))


@receiver(post_save, sender=Enrolment)
@receiver(post_delete, sender=Enrolment)
@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
def purge_edition_course(sender: type, instance: Any, **kwargs: Any) -> None:
    """A row of one offering (an enrolment, a session; faculty: a teaching assignment)."""
    purge_course_pages(CoursePage.objects.filter(offerings=instance.offering_id))
