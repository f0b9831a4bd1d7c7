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
    add_view_enabled = False
    edit_view_enabled = False
    form_fields = ["notified_at"]  # never edited: people ask on the course page
    list_display = [
        "course",
        Column("person", label=gettext_lazy("Person"), accessor="user"),
        "created_at",
        "notified_at",
    ]
    list_filter = ["course", "notified_at"]
