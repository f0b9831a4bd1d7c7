"""The interest list of a course: people ask to hear of its next edition on the course page,
and each is e-mailed once, in the language they asked in, when the institution opens one."""

from functools import partial

from django.db import transaction
from django.utils import formats, timezone, translation

from core.models import User
from core.tasks import send_account_email
from courses.models import CourseInterest, CourseOffering, CoursePage


def ask(user: User, course: CoursePage, language: str) -> None:
    """Put the person on the list (again, if they were told of an earlier edition), once for
    the course in all its translations."""
    with transaction.atomic():
        CourseInterest.objects.filter(
            user=user, course__translation_key=course.translation_key
        ).exclude(course=course).delete()
        CourseInterest.objects.update_or_create(
            user=user, course=course, defaults={"language": language, "notified_at": None}
        )


def withdraw(user: User, course: CoursePage) -> None:
    CourseInterest.objects.filter(
        user=user, course__translation_key=course.translation_key
    ).delete()


def tell_the_waiting(offering: CourseOffering) -> int:
    """E-mail everyone waiting for this offering's course, once, after the commit; how many.
    Called whenever an offering is saved: only an open one whose enrolment has not closed
    tells anyone, and a person told is not told again."""
    now = timezone.now()
    if not offering.takes_applications(now):
        return 0
    with transaction.atomic():
        waiting = list(
            CourseInterest.objects.waiting()
            .filter(course__translation_key=offering.course.translation_key)
            .select_related("course")
            .select_for_update(of=("self",))
        )
        CourseInterest.objects.filter(pk__in=[i.pk for i in waiting]).update(notified_at=now)
    for interest in waiting:
        with translation.override(interest.language):
            context = {
                "course": interest.course.title,
                "offering": offering.code,
                "starts_on": formats.date_format(offering.starts_on, "DATE_FORMAT"),
                "opens": formats.date_format(
                    timezone.localtime(offering.enrolment_opens_at), "DATE_FORMAT"
                ),
                "closes": formats.date_format(
                    timezone.localtime(offering.enrolment_closes_at), "DATE_FORMAT"
                ),
                "url": interest.course.full_url or "",
            }
        transaction.on_commit(partial(tell, interest.user_id, context, interest.language))
    return len(waiting)


def tell(user_id: int, context: dict[str, str], language: str) -> None:
    send_account_email.enqueue(user_id, "courses/email/next_edition", context, language)
