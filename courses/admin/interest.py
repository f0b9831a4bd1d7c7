"""Who waits for a course's next edition, for the institution that runs it: they are e-mailed
when it opens an offering of the course, so the list is read, never edited."""

from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column

from core.viewsets import ScopedModelViewSet
from courses.models import CourseInterest


class InterestViewSet(ScopedModelViewSet):
    model = CourseInterest
    icon = "mail"
    menu_label = gettext_lazy("Waiting for a next edition")
    # Never added nor edited here (no role holds those permissions): people ask on the course
    # page, and the e-mail sets when they were told.
    form_fields = ["notified_at"]
    list_display = [
        "course",
        Column("person", label=gettext_lazy("Person"), accessor="user"),
        "created_at",
        "notified_at",
    ]
    list_filter = ["course", "notified_at"]
