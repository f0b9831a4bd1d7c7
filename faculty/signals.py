"""An offering's public team shows on its course's page: a change to a teaching assignment or to a
member purges those pages for visitors (core.pagecache)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from courses.models import CoursePage
from courses.signals import purge_course_pages, purge_edition_course
from faculty.models import FacultyMember, TeachingAssignment

# An assignment belongs to an offering, as an enrolment or a session does.
post_save.connect(purge_edition_course, sender=TeachingAssignment)
post_delete.connect(purge_edition_course, sender=TeachingAssignment)


@receiver(post_save, sender=FacultyMember)
def purge_member_courses(
    sender: type[FacultyMember], instance: FacultyMember, **kwargs: Any
) -> None:
    purge_course_pages(CoursePage.objects.filter(offerings__teaching_assignments__member=instance))
