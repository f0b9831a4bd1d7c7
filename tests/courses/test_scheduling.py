"""A course scheduled in the editor goes live when its time comes: the scheduler enqueues
Wagtail's scheduled publishing every minute (core.scheduling), and the task worker runs it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.scheduling import enqueue_due
from courses.models import CoursePage
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_scheduled_course_goes_live_when_its_time_comes(two_institutions):
    course = factories.course(two_institutions[0], title="Curso de verano")
    course.unpublish()
    course.refresh_from_db()
    course.go_live_at = timezone.now() + timedelta(days=1)
    course.save_revision().publish()  # with a future go-live date this only schedules it
    assert not CoursePage.objects.get(pk=course.pk).live

    # The time comes: move the schedule into the past rather than wait for it.
    revision = CoursePage.objects.get(pk=course.pk).latest_revision
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    assert "core.tasks.publish_scheduled" in enqueue_due()  # the test settings run it at once

    assert CoursePage.objects.get(pk=course.pk).live
