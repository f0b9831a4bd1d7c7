"""Admin screens for running offerings: the offerings with their sessions and, for each, a
roster, an attendance sheet and a gradebook (all exportable), the bulk import of trainees,
finishing the run and its certificates; trainees, certificates and the continuing-education
ledger."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.permissions import policy_registry

from core import audit
from core.forms import PrivateFileInput
from core.models import Institution
from core.permissions import InstitutionOwnedForm, ScopedAdminModelForm, scoped
from core.spreadsheets import spreadsheet_response
from core.storage import file_response
from core.uploads import check_upload
from core.viewsets import ErasureInspectView, ScopedModelViewSet, SpreadsheetImportMixin
from courses import certificates, completion, imports, ledger, surveys
from courses.forms import TraineeProfileForm
from courses.models import (
    Attendance,
    Certificate,
    ContinuingEducationRecord,
    ContinuingEducationRule,
    CourseOffering,
    CoursePage,
    Questionnaire,
    Trainee,
)
from courses.models.offerings import MANAGING_ROLES
from courses.services import EnrolmentError

EXPORT_FORMATS = ("csv", "xlsx")

# The pages of an offering's workspace: (URL name, label, icon, permission needed).
WORKSPACE = [
    ("roster", gettext_lazy("Roster"), "group", "view"),
    ("attendance", gettext_lazy("Attendance"), "tick-inverse", "record_results"),
    ("gradebook", gettext_lazy("Gradebook"), "table", "record_results"),
    ("evaluation", gettext_lazy("Course evaluation"), "form", "view"),
]


class OfferingForm(InstitutionOwnedForm):
    """Offers only the live courses of the institutions where the user runs offerings, and
    opens an offering for enrolment only once it has a lead instructor."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            CoursePage.objects.live()
            .filter(institution__in=self.fields["institution"].queryset)
            .order_by("code")
        )
        self.fields["questionnaire"].queryset = Questionnaire.objects.usable_by(
            self.fields["institution"].queryset
        )

    def clean(self):
        cleaned = super().clean()
        opening = cleaned.get("status") == CourseOffering.Status.OPEN and (
            self.instance.pk is None
            or CourseOffering.objects.get(pk=self.instance.pk).status != CourseOffering.Status.OPEN
        )
        if opening:
            # Apps above courses refuse an opening through the Wagtail hook
            # `offering_cannot_open` (faculty: no lead instructor), saying why.
            for hook in hooks.get_hooks("offering_cannot_open"):
                if reason := hook(self.instance):
                    self.add_error("status", reason)
        return cleaned


def _policy(model):
    return policy_registry.get_by_type(model)


class OfferingIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        policy = _policy(CourseOffering)
        for priority, (name, label, icon, action) in enumerate(WORKSPACE, start=1):
            if policy.user_has_permission(self.request.user, action):
                namespace = self.index_url_name.rsplit(":", 1)[0]
                url = reverse(f"{namespace}:{name}", args=[instance.pk])
                buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class OfferingWorkspaceView(WagtailAdminTemplateMixin, TemplateView):
    """One page of an offering's workspace; another institution's offering is a 404."""

    action = "view"
    header_icon = "date"
    url_namespace = None
    workspace_name = None

    def dispatch(self, request, pk, *args, **kwargs):
        policy = _policy(CourseOffering)
        self.offering = get_object_or_404(policy.scope(request.user), pk=pk)
        if not policy.user_has_permission_for_instance(request.user, self.action, self.offering):
            raise PermissionDenied
        self.can_change = policy.user_has_permission_for_instance(
            request.user, "change", self.offering
        )
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.offering)

    def url(self, name, *args):
        return reverse(f"{self.url_namespace}:{name}", args=[self.offering.pk, *args])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{self.url_namespace}:index"), "label": _("Course offerings")},
            {"url": self.url("edit"), "label": self.offering.code},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def header_buttons(self):
        policy = _policy(CourseOffering)
        return [
            HeaderButton(label, url=self.url(name), icon_name=icon, priority=priority)
            for priority, (name, label, icon, action) in enumerate(WORKSPACE, start=1)
            if name != self.workspace_name and policy.user_has_permission(self.request.user, action)
        ]

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format in EXPORT_FORMATS:
            header, rows = self.table()
            name = f"{self.offering.code}-{self.export_name}"
            audit.record_download(request, self.offering, f"{name}.{export_format}", rows=len(rows))
            return spreadsheet_response(export_format, name, header, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(offering=self.offering, view=self, can_change=self.can_change)
        return context


def _typed_score(score):
    """A stored score as a person would type it: 92, 87.5."""
    return "" if score is None else format(score.normalize(), "f")


def _export_number(value):
    return "" if value is None else float(value)


class RosterView(OfferingWorkspaceView):
    workspace_name = "roster"
    page_title = gettext_lazy("Roster")
    template_name = "courses/admin/roster.html"
    export_name = "roster"

    def get_context_data(self, **kwargs):
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

    def table(self):
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
        rows = [
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
        return header, rows


class AttendanceView(OfferingWorkspaceView):
    workspace_name = "attendance"
    page_title = gettext_lazy("Attendance")
    template_name = "courses/admin/attendance.html"
    export_name = "attendance"
    action = "record_results"

    def marks(self):
        return {
            (mark.session_id, mark.enrolment_id): mark.status
            for mark in Attendance.objects.filter(session__offering=self.offering)
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(self.offering.sessions.all())
        marks = self.marks()
        context["sessions"] = sessions
        context["choices"] = Attendance.Status.choices
        context["rows"] = [
            (
                standing,
                [
                    (session, marks.get((session.pk, standing.enrolment.pk), ""))
                    for session in sessions
                ],
            )
            for standing in completion.standings(self.offering)
        ]
        return context

    def post(self, request, *args, **kwargs):
        by_session = {}
        for key, status in request.POST.items():
            ids = key[2:].split("-") if key.startswith("a-") else []
            if len(ids) == 2 and all(part.isdigit() for part in ids):
                session_id, enrolment_id = (int(part) for part in ids)
                by_session.setdefault(session_id, {})[enrolment_id] = status
        sessions = {session.pk: session for session in self.offering.sessions.all()}
        try:
            with transaction.atomic():
                for session_id, marks in by_session.items():
                    if session_id not in sessions:
                        raise completion.RecordError(_("A session was removed; reload the page."))
                    completion.record_attendance(sessions[session_id], marks, by=request.user)
        except completion.RecordError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance saved."))
        return redirect(self.url("attendance"))

    def table(self):
        sessions = list(self.offering.sessions.all())
        marks = self.marks()
        labels = dict(Attendance.Status.choices)
        header = [_("Family name"), _("Given name")] + [str(session) for session in sessions]
        rows = [
            [s.enrolment.trainee.family_name, s.enrolment.trainee.given_name]
            + [str(labels.get(marks.get((session.pk, s.enrolment.pk)), "")) for session in sessions]
            for s in completion.standings(self.offering)
        ]
        return header, rows


class GradebookView(OfferingWorkspaceView):
    workspace_name = "gradebook"
    page_title = gettext_lazy("Gradebook")
    template_name = "courses/admin/gradebook.html"
    export_name = "grades"
    action = "record_results"

    def get_context_data(self, typed=None, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        components = self.offering.course.assessment_components()
        typed, errors = typed or {}, errors or {}
        context["components"] = components
        context["rows"] = [
            (
                standing,
                [
                    {
                        "name": f"g-{standing.enrolment.pk}-{component_id}",
                        "label": name,
                        "value": typed.get(
                            f"g-{standing.enrolment.pk}-{component_id}",
                            _typed_score(standing.scores.get(component_id)),
                        ),
                        "error": errors.get(f"g-{standing.enrolment.pk}-{component_id}"),
                    }
                    for component_id, name, _weight in components
                ],
            )
            for standing in completion.standings(self.offering)
        ]
        context["error_count"] = len(errors)
        return context

    def post(self, request, *args, **kwargs):
        scores, errors, typed = {}, {}, {}
        for key, text in request.POST.items():
            enrolment_id, _dash, component_id = key[2:].partition("-")
            if not key.startswith("g-") or not enrolment_id.isdigit():
                continue
            typed[key] = text
            try:
                scores[(int(enrolment_id), component_id)] = completion.parse_score(text)
            except completion.RecordError as error:
                errors[key] = str(error)
        if not errors:
            try:
                completion.record_grades(self.offering, scores, by=request.user)
            except completion.RecordError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Grades saved."))
                return redirect(self.url("gradebook"))
        else:
            messages.error(
                request, _("Nothing was saved: correct the scores marked below and save again.")
            )
        return self.render_to_response(self.get_context_data(typed=typed, errors=errors))

    def table(self):
        components = self.offering.course.assessment_components()
        header = [_("Family name"), _("Given name")]
        header += [f"{name} ({weight} %)" for _id, name, weight in components]
        header += [_("Final score"), _("Sessions attended")]
        rows = [
            [s.enrolment.trainee.family_name, s.enrolment.trainee.given_name]
            + [_export_number(s.scores.get(component_id)) for component_id, _n, _w in components]
            + [_export_number(s.final_score), s.attended]
            for s in completion.standings(self.offering)
        ]
        return header, rows


class EvaluationView(OfferingWorkspaceView):
    """What trainees answered, only as aggregates, and only once enough of them answered."""

    workspace_name = "evaluation"
    page_title = gettext_lazy("Course evaluation")
    template_name = "courses/admin/evaluation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = surveys.summary(self.offering)
        context["minimum"] = surveys.MIN_ANSWERS
        return context


class FinishView(OfferingWorkspaceView):
    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
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


class CertificatesZipView(OfferingWorkspaceView):
    def get(self, request, *args, **kwargs):
        filename = f"{self.offering.code}-certificates.zip"
        response = HttpResponse(
            certificates.certificates_zip(self.offering), content_type="application/zip"
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
        audit.record_download(request, self.offering, filename)
        return response


class ImportView(SpreadsheetImportMixin, OfferingWorkspaceView):
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
    def import_name(self):
        return f"enrolment-import-{self.offering.pk}"

    def target_of(self, form):
        return self.offering

    def target_by_pk(self, pk):  # the session key already names the offering
        return self.offering

    def import_url(self):
        return self.url("import")

    def success_url(self, offering):
        return self.url("roster")


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
    list_filter = ["status", "institution", "delivery_mode", "language"]
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
    search_fields = ["code", "term"]

    edit_handler = ObjectList(CourseOffering.panels, base_form_class=OfferingForm)

    def workspace_view(self, view_class):
        return view_class.as_view(url_namespace=self.url_namespace)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/roster/", self.workspace_view(RosterView), name="roster"),
            path("<int:pk>/attendance/", self.workspace_view(AttendanceView), name="attendance"),
            path("<int:pk>/gradebook/", self.workspace_view(GradebookView), name="gradebook"),
            path("<int:pk>/evaluation/", self.workspace_view(EvaluationView), name="evaluation"),
            path("<int:pk>/finish/", self.workspace_view(FinishView), name="finish"),
            path("<int:pk>/import/", self.workspace_view(ImportView), name="import"),
            path(
                "<int:pk>/certificates.zip",
                self.workspace_view(CertificatesZipView),
                name="certificates_zip",
            ),
        ]


class TraineeInspectView(ErasureInspectView):
    """A trainee's record: names, numbers, contacts, evidence and written comments can be
    erased everywhere; enrolments, grades and hours stay for the statistics, anonymous."""

    erasure_explanation = gettext_lazy(
        "When a trainee asks your institution to forget them: their enrolments, grades, "
        "attendance, hours, placements and certificates here stay for the statistics but no "
        "longer lead to them; what was written about them here, their evidence files and the "
        "names on your certificates are erased, as is the editor's history of it. Their account "
        "and their records at other institutions are theirs, and stay: they erase their account "
        "themselves, under “My data”. This cannot be undone."
    )
    full_erasure_explanation = gettext_lazy(
        "When a trainee asks to be forgotten: their names, identity number, contacts, "
        "certificates' names, evidence files and what was written about them are erased "
        "everywhere Praxis keeps them, including the editor's history, sessions and sign-in "
        "records. Enrolments, grades, attendance and hours stay for the statistics, without "
        "their name. This cannot be undone."
    )
    erased_message = gettext_lazy(
        "The trainee's personal data is erased. Their enrolments, grades and hours stay in the "
        "statistics without their name."
    )


class TraineeForm(ScopedAdminModelForm):
    """A trainee's record as their institutions' staff edit it: an identity number another
    institution typed in is neither shown nor changed here, and one typed here is recorded as
    this institution's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.institutions = Institution.objects.with_role(self.for_user, MANAGING_ROLES)
        if not self.instance.id_number_shown_to(self.institutions):
            del self.fields["id_number"]

    def save(self, commit=True):
        if "id_number" in self.changed_data:  # typed in by this institution, not given
            self.instance.id_number_source = (
                self.institutions.filter(offerings__enrolments__trainee=self.instance).first()
                if self.instance.id_number
                else None
            )
        return super().save(commit)


class TraineeViewSet(ScopedModelViewSet):
    """Trainees of the user's institutions. Lists and exports show the identity number masked;
    only people who may change trainee records see it in full, on the edit form."""

    model = Trainee
    icon = "user"
    menu_label = gettext_lazy("Trainees")
    add_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = TraineeInspectView
    inspect_template_name = "courses/admin/trainee_inspect.html"
    inspect_view_fields = [
        "family_name",
        "given_name",
        "masked_id_number",
        "employer",
        "employer_kind",
        "post",
        "region",
        "professional_level",
        "certificate_number",
        "certificate_date",
        "years_of_experience",
    ]
    list_display = [
        "family_name",
        "given_name",
        Column("masked_id_number", label=gettext_lazy("Identity document")),
        "employer",
        "professional_level",
    ]
    list_filter = ["professional_level", "employer_kind"]
    list_export = [
        "family_name",
        "given_name",
        "masked_id_number",
        "employer",
        "post",
        "region",
        "professional_level",
        "years_of_experience",
    ]
    export_headings = {"masked_id_number": gettext_lazy("Identity document")}
    export_filename = "trainees"
    export_logged_via = "enrolments__offering__institution"
    search_fields = ["family_name", "given_name", "employer"]
    # What a trainee tells in their profile; their consent is theirs to give, not staff's.
    form_fields = [f for f in TraineeProfileForm.Meta.fields if f != "consents_to_data_use"]
    edit_handler = ObjectList(list(map(FieldPanel, form_fields)), base_form_class=TraineeForm)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the certificate revoked?"),
        max_length=255,
        help_text=gettext_lazy("Kept on record; the verification page only says “revoked”."),
    )


class CertificateActionView(generic.InspectView):
    """Revoke or re-issue a certificate from its page."""

    def post(self, request, *args, **kwargs):
        certificate = self.object
        if not self.can_change(certificate):
            raise PermissionDenied
        if not certificate.is_valid:
            messages.error(request, _("A revoked certificate stays revoked."))
            return redirect(self.get_inspect_url_for(certificate))
        if request.POST.get("action") == "reissue":
            new = certificates.reissue(certificate)
            messages.success(
                request,
                _("Certificate %(old)s is revoked and re-issued as %(new)s.")
                % {"old": certificate.number, "new": new.number},
            )
            return redirect(self.get_inspect_url_for(new))
        form = RevokeForm(request.POST)
        if form.is_valid():
            certificates.revoke(certificate, form.cleaned_data["reason"])
            messages.success(
                request, _("Certificate %(number)s is revoked.") % {"number": certificate.number}
            )
        else:
            messages.error(request, _("Say why the certificate is revoked."))
        return redirect(self.get_inspect_url_for(certificate))

    def get_inspect_url_for(self, certificate):
        return reverse(self.index_url_name.replace(":index", ":inspect"), args=[certificate.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["revoke_form"] = RevokeForm()
        context["can_change"] = self.can_change(self.object)
        context["pdf_url"] = reverse(
            self.index_url_name.replace(":index", ":pdf"), args=[self.object.pk]
        )
        return context

    def can_change(self, certificate):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", certificate
        )


class CertificatePdfView(generic.InspectView):
    def get(self, request, *args, **kwargs):
        if not self.object.is_valid:
            raise Http404
        return certificates.certificate_response(request, self.object)


class CertificateViewSet(ScopedModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificates")
    add_view_enabled = False
    edit_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = CertificateActionView
    inspect_template_name = "courses/admin/certificate_inspect.html"
    form_fields = ["revocation_reason"]  # never edited here: revoke and re-issue are actions
    inspect_view_fields = [
        "number",
        "holder_name",
        "course_title",
        "hours",
        "completed_on",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "replaces",
    ]
    list_display = [
        "number",
        "holder_name",
        "course_title",
        "completed_on",
        BooleanColumn("is_valid", label=gettext_lazy("Valid")),
    ]
    list_filter = ["completed_on", "revoked_at"]
    list_export = ["number", "holder_name", "course_title", "hours", "completed_on", "revoked_at"]
    export_filename = "certificates"
    export_logged_via = "enrolment__offering__institution"
    search_fields = ["number", "holder_name", "course_title"]

    def get_urlpatterns(self):
        view = self.construct_view(scoped(CertificatePdfView), **self.get_inspect_view_kwargs())
        return [*super().get_urlpatterns(), path("<int:pk>/pdf/", view, name="pdf")]


EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg")
MAX_EVIDENCE_MB = 10


class LedgerRecordForm(InstitutionOwnedForm):
    """An external activity or a degree, for a trainee of the user's institutions. A degree's
    hours come from the continuing-education rules, not from the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].queryset = Trainee.objects.managed_by(self.for_user)
        self.fields["kind"].choices = [
            choice
            for choice in ContinuingEducationRecord.Kind.choices
            if choice[0] != ContinuingEducationRecord.Kind.COURSE
        ]
        self.fields["hours"].required = False
        self.fields["hours"].help_text = _("Leave empty for a degree: the rules set its hours.")
        self.fields["evidence"].widget = PrivateFileInput(url=evidence_url(self.instance))

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if isinstance(evidence, UploadedFile):  # a file uploaded now, not the one kept
            check_upload(evidence, EVIDENCE_EXTENSIONS, MAX_EVIDENCE_MB)
        return evidence

    def clean(self):
        cleaned = super().clean()
        trainee, kind = cleaned.get("trainee"), cleaned.get("kind")
        if kind == ContinuingEducationRecord.Kind.DEGREE and trainee is not None:
            try:
                cleaned["hours"] = ledger.degree_hours(trainee)
            except ledger.LedgerError as error:
                self.add_error("kind", str(error))
            duplicate = ContinuingEducationRecord.objects.filter(
                trainee=trainee, kind=kind
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "kind", _("A social-work degree counts once, and this trainee's is recorded.")
                )
        elif cleaned.get("hours") is None:
            self.add_error("hours", _("Give the activity's hours."))
        return cleaned

    def save(self, commit=True):
        if self.instance.recorded_by_id is None:
            self.instance.recorded_by = self.for_user
        return super().save(commit)


def evidence_url(record):
    """Where staff download a ledger record's evidence: its file is private, without a URL."""
    if not (record.pk and record.evidence):
        return ""
    return reverse("continuing-education:evidence", args=[record.pk])


class LedgerInspectView(generic.InspectView):
    def get_evidence_display_value(self):
        url = evidence_url(self.object)
        if not url:
            return _("None")
        return format_html('<a href="{}">{}</a>', url, _("Download the evidence"))


class EvidenceView(generic.InspectView):
    """The evidence file, through the scoped record: never a public storage URL. It is served
    and logged under a name of its own, since the uploaded file's name may name the person."""

    def get(self, request, *args, **kwargs):
        evidence = self.object.evidence
        if not evidence:
            raise Http404
        filename = f"evidence-{self.object.pk}{Path(evidence.name).suffix.lower()}"
        audit.record_download(request, self.object, filename)
        return file_response(evidence, filename)


class LedgerViewSet(ScopedModelViewSet):
    model = ContinuingEducationRecord
    icon = "history"
    menu_label = gettext_lazy("Continuing education")
    inspect_view_enabled = True
    inspect_view_class = LedgerInspectView
    list_display = [
        "trainee",
        "title",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        "hours",
        "completed_on",
    ]
    list_filter = ["kind", "completed_on"]
    list_export = ["trainee", "kind", "title", "provider", "hours", "completed_on"]
    export_filename = "continuing-education"
    export_logged_via = "institution"
    search_fields = ["title", "provider", "trainee__family_name", "trainee__given_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("institution"),
            FieldPanel("trainee"),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("provider"),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("completed_on")]),
            FieldPanel("evidence"),
        ],
        base_form_class=LedgerRecordForm,
    )

    def get_urlpatterns(self):
        view = self.construct_view(scoped(EvidenceView), **self.get_inspect_view_kwargs())
        return [*super().get_urlpatterns(), path("<int:pk>/evidence/", view, name="evidence")]


class RuleViewSet(ModelViewSet):
    model = ContinuingEducationRule
    icon = "cogs"
    menu_label = gettext_lazy("Continuing-education rules")
    copy_view_enabled = False
    list_display = ["professional_level", "required_hours", "period_years", "degree_hours"]
    list_export = ["professional_level", "required_hours", "period_years", "degree_hours"]
    export_filename = "continuing-education-rules"


class TeachingGroup(ViewSetGroup):
    menu_label = gettext_lazy("Teaching")
    menu_icon = "date"
    menu_order = 160
    items = (
        OfferingViewSet("offerings"),
        TraineeViewSet("trainees"),
        CertificateViewSet("certificates"),
        LedgerViewSet("continuing-education"),
        RuleViewSet("continuing-education-rules"),
    )
