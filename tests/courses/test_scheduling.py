"""A course scheduled in the editor goes live when `publish_scheduled` runs (cron, or the loop
beside the worker in `make run`)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

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
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert CoursePage.objects.get(pk=course.pk).live
