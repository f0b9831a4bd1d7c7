"""Offerings opened before versions were kept are pinned to the course revision that was live
when their enrolment opened, else the first published after it; drafts stay unpinned until
they open."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import PageLogEntry

from courses.models import CourseOffering, CoursePage
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("courses", "0021_offering_course_version")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def test_existing_offerings_keep_the_version_live_when_they_opened(two_institutions):
    course = factories.course(two_institutions[0])
    first = course.live_revision
    course.summary = "Segunda versión."
    course.save_revision().publish()
    second = CoursePage.objects.get(pk=course.pk).live_revision
    now = timezone.now()
    PageLogEntry.objects.filter(revision=first).update(timestamp=now - timedelta(days=60))
    PageLogEntry.objects.filter(revision=second).update(timestamp=now - timedelta(days=10))
    opened = {
        "earlier": now - timedelta(days=30),  # the first version was live
        "later": now - timedelta(days=5),  # the second
        "before": now - timedelta(days=90),  # nothing yet: the first published after
    }
    offerings = {
        name: factories.offering(
            course,
            status=CourseOffering.Status.RUNNING,
            enrolment_opens_at=when,
            enrolment_closes_at=when + timedelta(days=3),
        )
        for name, when in opened.items()
    }
    draft = factories.offering(course, status=CourseOffering.Status.DRAFT)

    migrate(BEFORE)  # reversing unpins every offering, as before versions were kept
    assert not CourseOffering.objects.filter(course_revision__isnull=False).exists()
    migrate()

    pinned = {
        name: CourseOffering.objects.get(pk=offering.pk) for name, offering in offerings.items()
    }
    assert pinned["earlier"].course_revision == first
    assert pinned["later"].course_revision == second
    assert pinned["before"].course_revision == first
    assert pinned["earlier"].course_pinned_at == opened["earlier"]
    assert CourseOffering.objects.get(pk=draft.pk).course_revision is None
