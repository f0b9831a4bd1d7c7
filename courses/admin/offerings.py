"""Offerings in the editor: their list, form (with sessions) and the workspace of each."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import MenuItem

from core.permissions import InstitutionOwnedForm
from core.scoped_views import ScopedIndexView
from core.viewsets import ScopedModelViewSet
from courses.admin.workspace import (
    WORKSPACE,
    AttendanceView,
    CertificatesZipView,
    EvaluationView,
    FinishView,
    GradebookView,
    ImportView,
    RosterView,
    VersionView,
    policy_for,
)
from courses.models import CourseOffering, CoursePage, Questionnaire


class OfferingForm(InstitutionOwnedForm):
    """Offers only the live courses of the institutions where the user runs offerings, and
    opens an offering for enrolment only once it has a lead instructor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            CoursePage.objects.live()
            .filter(institution__in=self.fields["institution"].queryset)
            .order_by("code")
        )
        self.fields["questionnaire"].queryset = Questionnaire.objects.usable_by(
            self.fields["institution"].queryset
        ).originals()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opening = cleaned.get("status") == CourseOffering.Status.OPEN and (
            self.instance.pk is None
            or CourseOffering.objects.get(pk=self.instance.pk).status != CourseOffering.Status.OPEN
        )
        if self.instance.pk and "course" in self.changed_data:
            if self.instance.enrolments.filter(grades__isnull=False).exists():
                self.add_error(
                    "course",
                    _(
                        "Trainees of this offering have grades in its course's components; "
                        "keep the course, or open a new offering of the other one."
                    ),
                )
            else:  # saving pins the chosen course's published version
                self.instance.course_revision = None
        if opening:
            # Apps above courses refuse an opening through the Wagtail hook
            # `offering_cannot_open` (faculty: no lead instructor), saying why.
            for hook in hooks.get_hooks("offering_cannot_open"):
                if reason := hook(self.instance):
                    self.add_error("status", reason)
        return cleaned


class OfferingIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Model]:
        return super().get_base_queryset().select_related("course", "term")

    def get_list_more_buttons(self, instance: CourseOffering) -> list[MenuItem]:
        buttons = super().get_list_more_buttons(instance)
        policy = policy_for(CourseOffering)
        for priority, (name, label, icon, action) in enumerate(WORKSPACE, start=1):
            if policy.user_has_permission(self.request.user, action):
                namespace = self.index_url_name.rsplit(":", 1)[0]
                url = reverse(f"{namespace}:{name}", args=[instance.pk])
                buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class OfferingViewSet(ScopedModelViewSet):
    model = CourseOffering
    icon = "date"
    menu_label = gettext_lazy("Course offerings")
    index_view_class = OfferingIndexView
    list_display = [
        "code",
        "course",
        "term",
        "starts_on",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        "capacity",
    ]
    list_filter = ["status", "institution", "term", "delivery_mode", "language"]
    list_export = [
        "code",
        "course",
        "institution",
        "term",
        "starts_on",
        "ends_on",
        "status",
        "capacity",
    ]
    export_filename = "offerings"
    search_fields = ["code", "term__name_es", "term__name_zh_hans", "term__name_en"]

    edit_handler = ObjectList(CourseOffering.panels, base_form_class=OfferingForm)

    def workspace_view(self, view_class: type[View]) -> Callable[..., HttpResponseBase]:
        return view_class.as_view(url_namespace=self.url_namespace)

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/roster/", self.workspace_view(RosterView), name="roster"),
            path("<int:pk>/attendance/", self.workspace_view(AttendanceView), name="attendance"),
            path("<int:pk>/gradebook/", self.workspace_view(GradebookView), name="gradebook"),
            path("<int:pk>/evaluation/", self.workspace_view(EvaluationView), name="evaluation"),
            path("<int:pk>/finish/", self.workspace_view(FinishView), name="finish"),
            path("<int:pk>/version/", self.workspace_view(VersionView), name="version"),
            path("<int:pk>/import/", self.workspace_view(ImportView), name="import"),
            path(
                "<int:pk>/certificates.zip",
                self.workspace_view(CertificatesZipView),
                name="certificates_zip",
            ),
        ]
