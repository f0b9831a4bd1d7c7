"""An offering's workspace in the editor: its roster, attendance sheet and gradebook (all
exportable), its course evaluation, the bulk import of trainees, finishing the run and its
certificates as one ZIP."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_stubs_ext import StrOrPromise
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from core import audit
from core.forms import UploadForm
from core.grids import GridForm
from core.models import User
from core.permissions import ScopedPermissionPolicy, signed_in
from core.spreadsheets import Cell, Sheet, spreadsheet_response
from core.viewsets import SpreadsheetImportMixin
from courses import certificates, completion, imports, surveys, versions
from courses.completion import Standing
from courses.forms import AttendanceForm, GradebookForm
from courses.models import Attendance, Certificate, CourseOffering
from courses.services import EnrolmentError

EXPORT_FORMATS = ("csv", "xlsx")

# The pages of an offering's workspace: (URL name, label, icon, permission needed).
WORKSPACE = [
    ("roster", gettext_lazy("Roster"), "group", "view"),
    ("attendance", gettext_lazy("Attendance"), "tick-inverse", "record_results"),
    ("gradebook", gettext_lazy("Gradebook"), "table", "record_results"),
    ("evaluation", gettext_lazy("Course evaluation"), "form", "view"),
]


def policy_for(model: type[models.Model]) -> ScopedPermissionPolicy[Any]:
    return policy_registry.get_by_type(model)


class OfferingWorkspaceView(WagtailAdminTemplateMixin, TemplateView):
    """One page of an offering's workspace; another institution's offering is a 404."""

    action = "view"
    header_icon = "date"
    url_namespace: str | None = None
    workspace_name: str | None = None

    def dispatch(
        self, request: HttpRequest, pk: int, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        policy = policy_for(CourseOffering)
        self.offering = get_object_or_404(policy.scope(request.user), pk=pk)
        if not policy.user_has_permission_for_instance(request.user, self.action, self.offering):
            raise PermissionDenied
        self.can_change = policy.user_has_permission_for_instance(
            request.user, "change", self.offering
        )
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.offering)

    def url(self, name: str, *args: object) -> str:
        return reverse(f"{self.url_namespace}:{name}", args=[self.offering.pk, *args])

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{self.url_namespace}:index"), "label": _("Course offerings")},
            {"url": self.url("edit"), "label": self.offering.code},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def header_buttons(self) -> list[HeaderButton]:
        policy = policy_for(CourseOffering)
        return [
            HeaderButton(label, url=self.url(name), icon_name=icon, priority=priority)
            for priority, (name, label, icon, action) in enumerate(WORKSPACE, start=1)
            if name != self.workspace_name and policy.user_has_permission(self.request.user, action)
        ]

    @property
    def user(self) -> User:
        return signed_in(self.request)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export_format = request.GET.get("export")
        if export_format in EXPORT_FORMATS:
            sheet = self.sheet()
            name = f"{self.offering.code}-{self.export_name}"
            filename = f"{name}.{export_format}"
            audit.record_download(request, self.offering, filename, rows=len(sheet.rows))
            return spreadsheet_response(export_format, name, sheet)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(offering=self.offering, view=self, can_change=self.can_change)
        return context


def _export_number(value: Decimal | None) -> float | str:
    return "" if value is None else float(value)


class RosterView(OfferingWorkspaceView):
    workspace_name = "roster"
    page_title = gettext_lazy("Roster")
    template_name = "courses/admin/roster.html"
    export_name = "roster"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["standings"] = completion.standings(self.offering)
        context["waiting"] = (
            self.offering.enrolments.filter(status__in=["applied", "waitlisted"])
            .select_related("trainee")
            .order_by("waitlisted_at", "pk")
        )
        context["certificate_count"] = (
            Certificate.objects.valid().filter(enrolment__offering=self.offering).count()
        )
        context["invitations"] = self.offering.invitations.order_by("-created_at", "pk")
        return context

    def sheet(self) -> Sheet:
        header = [
            _("Family name"),
            _("Given name"),
            _("Identity document"),
            _("Employer"),
            _("Status"),
            _("Sessions attended"),
            _("Sessions"),
            _("Final score"),
        ]
        rows: list[list[Cell]] = [
            [
                s.enrolment.trainee.family_name,
                s.enrolment.trainee.given_name,
                s.enrolment.trainee.masked_id_number,
                s.enrolment.trainee.employer,
                str(s.enrolment.get_status_display()),
                s.attended,
                s.sessions,
                _export_number(s.final_score),
            ]
            for s in completion.standings(self.offering)
        ]
        return Sheet(header, rows)


class GridView[Form: GridForm[Standing]](OfferingWorkspaceView):
    """A workspace sheet saved as one form: nothing is saved unless every cell is valid and
    the service accepts the whole sheet."""

    action = "record_results"
    workspace_name: str
    saved_message: StrOrPromise = ""

    def get_form(self, data: QueryDict | None = None) -> Form:
        raise NotImplementedError

    def save(self, form: Form) -> None:
        raise NotImplementedError

    def get_context_data(self, form: Form | None = None, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = form or self.get_form()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.save(form)
            except completion.RecordError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, self.saved_message)
                return redirect(self.url(self.workspace_name))
        messages.error(
            request, _("Nothing was saved: correct what is marked below and save again.")
        )
        return self.render_to_response(self.get_context_data(form=form))


class AttendanceView(GridView[AttendanceForm]):
    workspace_name = "attendance"
    page_title = gettext_lazy("Attendance")
    template_name = "courses/admin/attendance.html"
    export_name = "attendance"
    saved_message = gettext_lazy("Attendance saved.")

    def marks(self) -> dict[tuple[int, int], str]:
        return {
            (mark.session_id, mark.enrolment_id): mark.status
            for mark in Attendance.objects.filter(session__offering=self.offering)
        }

    def get_form(self, data: QueryDict | None = None) -> AttendanceForm:
        sessions = self.offering.sessions.all()
        return AttendanceForm(completion.standings(self.offering), sessions, self.marks(), data)

    def save(self, form: AttendanceForm) -> None:
        for session, marks in form.marks_by_session().items():
            completion.record_attendance(session, marks, by=self.user)

    def sheet(self) -> Sheet:
        sessions = list(self.offering.sessions.all())
        marks = self.marks()
        labels = dict(Attendance.Status.choices)
        header = [_("Family name"), _("Given name")] + [str(session) for session in sessions]
        rows: list[list[Cell]] = [
            [
                s.enrolment.trainee.family_name,
                s.enrolment.trainee.given_name,
                *(
                    str(labels.get(marks.get((session.pk, s.enrolment.pk), ""), ""))
                    for session in sessions
                ),
            ]
            for s in completion.standings(self.offering)
        ]
        return Sheet(header, rows)


class GradebookView(GridView[GradebookForm]):
    workspace_name = "gradebook"
    page_title = gettext_lazy("Gradebook")
    template_name = "courses/admin/gradebook.html"
    export_name = "grades"
    saved_message = gettext_lazy("Grades saved.")

    def get_form(self, data: QueryDict | None = None) -> GradebookForm:
        components = self.offering.course_taught.assessment_components()
        return GradebookForm(completion.standings(self.offering), components, data)

    def save(self, form: GradebookForm) -> None:
        completion.record_grades(self.offering, form.scores(), by=self.user)

    def get_context_data(self, form: GradebookForm | None = None, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(form=form, **kwargs)
        context["components"] = context["form"].components
        return context

    def sheet(self) -> Sheet:
        components = self.offering.course_taught.assessment_components()
        header = [_("Family name"), _("Given name")]
        header += [f"{name} ({weight} %)" for _id, name, weight in components]
        header += [_("Final score"), _("Sessions attended")]
        rows: list[list[Cell]] = [
            [
                s.enrolment.trainee.family_name,
                s.enrolment.trainee.given_name,
                *(
                    _export_number(s.scores.get(component_id))
                    for component_id, _n, _w in components
                ),
                _export_number(s.final_score),
                s.attended,
            ]
            for s in completion.standings(self.offering)
        ]
        return Sheet(header, rows)


class EvaluationView(OfferingWorkspaceView):
    """What trainees answered, only as aggregates, and only once enough of them answered."""

    workspace_name = "evaluation"
    page_title = gettext_lazy("Course evaluation")
    template_name = "courses/admin/evaluation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["summary"] = surveys.summary(self.offering)
        context["minimum"] = surveys.MIN_ANSWERS
        return context


class FinishView(OfferingWorkspaceView):
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            completion.finish_offering(self.offering)
        except completion.RecordError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(offering)s is finished: results, hours and certificates are recorded.")
                % {"offering": self.offering.code},
            )
        return redirect(self.url("roster"))


class VersionView(OfferingWorkspaceView):
    """The course version the offering teaches beside the course's published one, with what
    moving would change; moving is offered only while no one is graded."""

    action = "change"
    workspace_name = "version"
    page_title = gettext_lazy("Course version")
    template_name = "courses/admin/version.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offering = self.offering
        context["published"] = offering.course
        context["refusal"] = versions.why_not_movable(offering)
        if offering.on_earlier_version:
            context["differences"] = versions.differences(offering.course_taught, offering.course)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            versions.move_to_published_version(self.offering)
        except versions.VersionError as error:
            messages.error(request, str(error))
            return redirect(self.url("version"))
        messages.success(
            request,
            _("%(offering)s now teaches the course as published on %(date)s.")
            % {
                "offering": self.offering.code,
                "date": formats.date_format(
                    timezone.localtime(self.offering.course.last_published_at), "DATE_FORMAT"
                ),
            },
        )
        return redirect(self.url("edit"))


class CertificatesZipView(OfferingWorkspaceView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filename = f"{self.offering.code}-certificates.zip"
        response = HttpResponse(
            certificates.certificates_zip(self.offering), content_type="application/zip"
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
        audit.record_download(request, self.offering, filename)
        return response


class ImportView(SpreadsheetImportMixin[CourseOffering], OfferingWorkspaceView):
    """Enrol trainees in the offering from a spreadsheet."""

    action = "change"
    page_title = gettext_lazy("Invite trainees")
    importer = imports
    import_note = gettext_lazy(
        "Each person is invited by e-mail and takes the place by accepting; no one is enrolled "
        "without their answer. People already invited or with a place are left as they are, "
        "so importing the same file again changes nothing."
    )
    refusals = (EnrolmentError,)

    @property
    def import_name(self) -> str:
        return f"enrolment-import-{self.offering.pk}"

    def target_of(self, form: UploadForm) -> CourseOffering:
        return self.offering

    def target_by_pk(self, pk: int) -> CourseOffering:  # the session key already names the offering
        return self.offering

    def import_url(self) -> str:
        return self.url("import")

    def success_url(self, offering: CourseOffering) -> str:
        return self.url("roster")
