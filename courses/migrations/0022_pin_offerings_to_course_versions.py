"""Every offering already opened keeps the course version it opened with: the revision live
at its enrolment's opening, else the first published after it, else the live one. Drafts
pin theirs when they open. Reversing unpins."""

from django.db import migrations


def pin(apps, schema_editor):
    CourseOffering = apps.get_model("courses", "CourseOffering")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    for offering in CourseOffering.objects.exclude(status="draft").filter(
        course_revision__isnull=True
    ):
        published = PageLogEntry.objects.filter(
            page_id=offering.course_id, action="wagtail.publish", revision__isnull=False
        )
        opened = offering.enrolment_opens_at
        entry = (
            published.filter(timestamp__lte=opened).order_by("-timestamp", "-pk").first()
            or published.filter(timestamp__gt=opened).order_by("timestamp", "pk").first()
        )
        revision_id = entry.revision_id if entry else offering.course.live_revision_id
        if revision_id is not None:
            CourseOffering.objects.filter(pk=offering.pk).update(
                course_revision_id=revision_id, course_pinned_at=opened
            )


def unpin(apps, schema_editor):
    apps.get_model("courses", "CourseOffering").objects.update(
        course_revision=None, course_pinned_at=None
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0021_offering_course_version")]

    operations = [migrations.RunPython(pin, unpin)]
