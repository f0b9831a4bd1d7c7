"""Editor panels that say which course version an offering teaches: in the course editor,
before publishing, the offerings that keep theirs; in the offering's form, its version and
the way to a newer one."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class CourseVersionsPanel(Panel):
    """The course's open, closed and running offerings, which a publish leaves on the version
    they opened with, each with whether it could still move."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/panels/course_versions.html"

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.offerings = (
                list(self.instance.offerings.keeping_a_version().order_by("starts_on", "code"))
                if self.instance.pk
                else []
            )

        def is_shown(self) -> bool:
            return bool(self.offerings)

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            context["offerings"] = self.offerings
            context["published"] = self.instance.live_revision_id
            return context


class OfferingVersionPanel(Panel):
    """The course version the offering teaches, and a link to compare it with the course's
    published one once the course was published again."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("heading", _("Course version"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/panels/offering_version.html"

        def is_shown(self) -> bool:
            return self.instance.course_revision_id is not None

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            context["offering"] = self.instance
            return context
