"""Admin screens for placements: bases and their agreements, programmes, placements with
their workspace (moving them along, the academic supervisor's signatures, supervision
sessions, links for agency supervisors), applications, allocation runs and the term report."""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import policy_registry

from core.models import Institution, Term
from core.permissions import InstitutionOwnedForm, ScopedAdminModelForm, signed_in
from core.scoped_views import ScopedIndexView, ScopedInspectView
from core.spreadsheets import Cell, Sheet
from core.viewsets import (
    InstitutionTermReportView,
    ScopedModelViewSet,
    SinglePageViewSet,
    YesNoColumn,
    viewset_url,
)
from courses.models import CourseOffering, Trainee
from faculty.models import EmploymentType, FacultyMember
from placements import allocation, links, reports, services
from placements.forms import (
    AllocationForm,
    SupervisionSessionForm,
    SupervisorLinkForm,
    form_errors,
)
from placements.hours_queue import HoursQueueView, waiting_weeks
from placements.models import (
    MANAGING_ROLES,
    AllocationRun,
    BaseAgreement,
    Placement,
    PlacementApplication,
    PlacementProgramme,
    PracticeBase,
)
from placements.services import PlacementError


class AgreementForm(ScopedAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = PracticeBase.objects.for_user(self.for_user)


# Who may supervise a placement, by field: the academic supervisor teaches for the institution,
# the agency supervisor practises at the base.
SUPERVISORS = {
    "academic_supervisor": [
        EmploymentType.FULL_TIME,
        EmploymentType.PART_TIME,
        EmploymentType.VISITING,
    ],
    "agency_supervisor": [EmploymentType.PRACTITIONER],
}


class PlacementForm(ScopedAdminModelForm):
    """Only the user's programmes, bases, offerings, trainees and faculty are offered; the
    placement rules are checked before anything is saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["programme"].queryset = PlacementProgramme.objects.for_user(user)
        self.fields["base"].queryset = PracticeBase.objects.for_user(user)
        self.fields["offering"].queryset = CourseOffering.objects.for_user(user, MANAGING_ROLES)
        # Who the institution may place: its applicants, the trainees it has placed (the one
        # being edited among them) and those enrolled in its offerings.
        self.fields["trainee"].queryset = Trainee.objects.filter(
            Q(pk__in=PlacementApplication.objects.for_user(user).values("trainee"))
            | Q(pk__in=Placement.objects.for_user(user).values("trainee"))
        ) | Trainee.objects.for_user(user, MANAGING_ROLES)
        faculty = FacultyMember.objects.for_user(user).for_pickers()
        for name, types in SUPERVISORS.items():
            field = self.fields[name]
            chosen_before = faculty.filter(pk=getattr(self.instance, f"{name}_id"))
            field.queryset = faculty.employed_as(types).not_erased() | chosen_before
            field.label_from_instance = FacultyMember.picker_label
        if not self.instance.pk:
            self.fields["required_hours"].required = False
            self.fields["required_hours"].help_text = _("Empty: the programme's hours.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("programme") and not cleaned.get("required_hours"):
            cleaned["required_hours"] = cleaned["programme"].required_hours
        return cleaned

    def _post_clean(self) -> None:
        """With the placement built from the form, check it against the placement rules."""
        super()._post_clean()
        if self.instance.pk and self.instance.status in Placement.FINAL:
            self.add_error(None, _("A completed or terminated placement can no longer change."))
        if not self.errors:
            self.instance.institution = self.instance.programme.institution
            try:
                services.check_placement(self.instance)
            except PlacementError as error:
                self.add_error(None, str(error))

    def save(self, commit: bool = True) -> Placement:
        placement = super().save(commit=False)
        was_signed = placement.pk and any(
            getattr(placement, field) for field in services.SIGNATURES.values()
        )
        placement = services.save_placement(placement)
        self.save_m2m()
        if was_signed and self.formsets["objectives"].has_changed():
            services.clear_signatures(placement)
        return placement


class PlacementInspectView(ScopedInspectView):
    """The placement's workspace: its progress and what can be done next."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        placement = self.object
        (progress,) = reports.progress(Placement.objects.filter(pk=placement.pk))
        user = self.request.user
        academic = placement.academic_supervisor
        today = datetime.date.today()
        context.update(
            progress=progress,
            this_week=services.week_of(today),
            sessions=placement.supervision_sessions.select_related("supervisor"),
            evaluations=placement.evaluations.all(),
            links=placement.links.all()[:10],
            is_academic=academic is not None and academic.user_id == user.pk,
            can_change=self.permission_policy.user_has_permission_for_instance(
                user, "change", placement
            ),
            session_form=SupervisionSessionForm(placement),
            link_form=SupervisorLinkForm(),
            waiting_weeks=len(waiting_weeks(Placement.objects.filter(pk=placement.pk))),
            action_url=viewset_url(self, "act", placement.pk),
            today=today,
        )
        return context


class PlacementActionView(WagtailAdminTemplateMixin, TemplateView):
    """What the workspace's buttons post: each does one thing and says how it went."""

    url_namespace: str | None = None

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        policy = policy_registry.get_by_type(Placement)
        placement = get_object_or_404(policy.scope(request.user), pk=pk)
        action = request.POST.get("action", "")
        academic = placement.academic_supervisor
        is_academic = academic is not None and academic.user_id == request.user.pk
        managing = policy.user_has_permission_for_instance(request.user, "change", placement)
        # Signing and signing off are the academic supervisor's own; staff may not stand in.
        allowed = (
            is_academic
            if action in SIGNING
            else managing or (is_academic and action in ACADEMIC_ACTIONS)
        )
        if not allowed:
            raise PermissionDenied
        try:
            message = self.act(request, placement, action)
        except PlacementError as error:
            messages.error(request, str(error))
        except (ValueError, KeyError):
            messages.error(request, _("Fill in every field of the form."))
        else:
            messages.success(request, message)
        return redirect(reverse(f"{self.url_namespace}:inspect", args=[placement.pk]))

    def act(self, request: HttpRequest, placement: Placement, action: str) -> str:
        data, user = request.POST, signed_in(request)
        if action == "confirm":
            services.confirm(placement)
            return _("The placement is confirmed.")
        if action == "start":
            services.start(placement)
            return _("The placement has started.")
        if action == "complete":
            services.complete(placement)
            return _("The placement is completed; its approved hours are locked.")
        if action == "terminate":
            services.terminate(placement, data.get("reason", ""))
            return _("The placement is terminated.")
        if action == "sign":
            services.sign_agreement(placement, "academic")
            return _("You signed the learning agreement.")
        if action == "sign-off":
            evaluation = get_object_or_404(placement.evaluations, stage=data["stage"])
            services.sign_off(evaluation, user)
            return _("The evaluation is signed off.")
        if action == "supervision":
            session = SupervisionSessionForm(placement, data)
            if not session.is_valid():
                raise PlacementError(form_errors(session))
            services.record_supervision([placement], **session.cleaned_data)
            return _("The supervision session is recorded.")
        if action == "link":
            link = SupervisorLinkForm(data)
            if not link.is_valid():
                raise PlacementError(form_errors(link))
            week = link.cleaned_data["week_of"]
            _link, token = links.create_link(
                placement,
                link.cleaned_data["purpose"],
                user=user,
                week_of=services.week_of(week) if week else None,
                stage=link.cleaned_data["stage"],
            )
            url = request.build_absolute_uri(links.url_of(token, request.LANGUAGE_CODE))
            return _("Send this link to the agency supervisor (valid for 14 days): %(url)s") % {
                "url": url
            }
        raise PermissionDenied


SIGNING = ("sign", "sign-off")
ACADEMIC_ACTIONS = (*SIGNING, "supervision")


class PracticeBaseViewSet(ScopedModelViewSet):
    model = PracticeBase
    icon = "home"
    menu_label = gettext_lazy("Practice bases")
    list_display = [
        "name",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        "region",
        YesNoColumn("teaching_base", label=gettext_lazy("Teaching base")),
    ]
    list_filter = ["kind", "fields", "teaching_base", "institution"]
    list_export = ["name", "kind", "institution", "region", "address", "teaching_base"]
    export_filename = "practice-bases"
    search_fields = ["name", "address"]
    edit_handler = ObjectList(PracticeBase.panels, base_form_class=InstitutionOwnedForm)


class BaseAgreementViewSet(ScopedModelViewSet):
    model = BaseAgreement
    icon = "doc-full"
    menu_label = gettext_lazy("Base agreements")
    list_display = [
        "base",
        "starts_on",
        "ends_on",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]
    list_filter = ["status", "ends_on"]
    list_export = ["base", "starts_on", "ends_on", "status", "signed_on"]
    export_filename = "base-agreements"
    search_fields = ["base__name"]
    edit_handler = ObjectList(BaseAgreement.panels, base_form_class=AgreementForm)


class PlacementProgrammeViewSet(ScopedModelViewSet):
    model = PlacementProgramme
    icon = "list-ul"
    menu_label = gettext_lazy("Placement programmes")
    list_display = ["name", "institution", "required_hours", "application_term"]
    list_filter = ["institution", "level"]
    search_fields = ["name"]
    edit_handler = ObjectList(PlacementProgramme.panels, base_form_class=InstitutionOwnedForm)


class PlacementViewSet(ScopedModelViewSet):
    model = Placement
    icon = "user"
    menu_label = gettext_lazy("Placements")
    inspect_view_enabled = True
    inspect_view_class = PlacementInspectView
    inspect_template_name = "placements/admin/placement_inspect.html"
    inspect_view_fields = [
        "programme",
        "trainee",
        "base",
        "term",
        "starts_on",
        "ends_on",
        "required_hours",
        "academic_supervisor",
        "agency_supervisor",
        "status",
        "status_note",
    ]
    list_display = [
        "trainee",
        "base",
        "term",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]
    list_filter = ["status", "programme", "base"]
    list_export = [
        "trainee",
        "base",
        "programme",
        "term",
        "starts_on",
        "ends_on",
        "status",
        "required_hours",
        "academic_supervisor",
        "agency_supervisor",
    ]
    export_filename = "placements"
    export_logged_via = "institution"
    search_fields = ["trainee__family_name", "trainee__given_name", "base__name"]
    edit_handler = ObjectList(Placement.panels, base_form_class=PlacementForm)

    def get_urlpatterns(self) -> list[URLPattern]:
        view = PlacementActionView.as_view(url_namespace=self.url_namespace)
        return [*super().get_urlpatterns(), path("<int:pk>/act/", view, name="act")]


class PlacementApplicationViewSet(ScopedModelViewSet):
    model = PlacementApplication
    icon = "form"
    menu_label = gettext_lazy("Applications")
    inspect_view_enabled = True
    inspect_view_fields = ["trainee", "programme", "term", "submitted_at"]
    inspect_template_name = "placements/admin/application_inspect.html"
    list_display = ["trainee", "programme", "term", "submitted_at"]
    list_filter = ["programme", "term"]
    search_fields = ["trainee__family_name", "trainee__given_name"]
    # Applications are the trainees' own: staff read them; only a superuser may fix the term.
    form_fields = ["term"]


class AllocationRunForm(ScopedAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = PlacementProgramme.objects.for_user(self.for_user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.status == AllocationRun.Status.CONFIRMED:
            raise forms.ValidationError(
                _("This allocation is confirmed; start a new one to allocate again.")
            )
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The placements cannot end before they start."))
        return cleaned

    def save(self, commit: bool = True) -> AllocationRun:
        run = super().save(commit=False)
        run.institution = run.programme.institution
        run.created_by = run.created_by or self.for_user
        return allocation.run_allocation(run)


class AllocationIndexView(ScopedIndexView):
    """A run's name opens its page, where its proposal is read, adjusted and confirmed; the
    form of its parameters is a button there."""

    def get_edit_url(self, instance: AllocationRun) -> str | None:
        return None


class AllocationInspectView(ScopedInspectView):
    """A run's proposal with its reasons, adjusted and confirmed from here."""

    def get_form(self, data: QueryDict | None = None) -> AllocationForm:
        run: AllocationRun = self.object
        return AllocationForm(
            allocation.describe(run),
            PracticeBase.objects.filter(institution=run.institution).order_by("name"),
            run.status == AllocationRun.Status.PROPOSED,
            data,
        )

    def get_context_data(self, form: AllocationForm | None = None, **kwargs: Any) -> dict[str, Any]:
        """The proposal as a sheet to adjust and confirm; filtered (`?show=`), a list to read."""
        context = super().get_context_data(**kwargs)
        run: AllocationRun = self.object
        form = form or self.get_form()
        shown = self.request.GET.get("show", "all")
        shown = shown if shown in allocation.SHOWN else "all"
        context.update(
            form=form,
            satisfaction=run.typed_result.get("satisfaction", {}),
            shown=shown,
            views=[(key, label, key == shown) for key, label in allocation.SHOWN.items()],
            filtered=[row for row in form.rows if row.shown_in(shown)],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run: AllocationRun = self.object
        user = signed_in(request)
        policy = policy_registry.get_by_type(AllocationRun)
        if not policy.user_has_permission_for_instance(request.user, "change", run):
            raise Http404
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                placements = allocation.confirm_run(run, form.chosen(), user)
            except allocation.AllocationProblems as error:
                for proposal in form.rows:
                    if proposal.application in error.problems:
                        form.add_cell_error(proposal, "base", error.problems[proposal.application])
            except PlacementError as error:
                form.add_error(None, str(error))
            else:
                count = len(placements)
                messages.success(
                    request,
                    ngettext("%(count)s placement is proposed.",
                             "%(count)s placements are proposed.", count) % {"count": count},
                )  # fmt: skip
                return redirect("placement_admin:index")
        messages.error(request, _("Nothing was confirmed: correct what is marked below."))
        return self.render_to_response(self.get_context_data(form=form))


class AllocationRunViewSet(ScopedModelViewSet):
    model = AllocationRun
    icon = "resubmit"
    index_view_class = AllocationIndexView
    menu_label = gettext_lazy("Allocations")
    inspect_view_enabled = True
    inspect_view_class = AllocationInspectView
    inspect_template_name = "placements/admin/allocation_inspect.html"
    # The run's inputs and result are shown as the table of proposals, never as raw JSON.
    inspect_view_fields = [
        "programme",
        "term",
        "starts_on",
        "ends_on",
        "region_scope",
        "created_by",
        "created_at",
        "status",
        "confirmed_by",
        "confirmed_at",
    ]
    list_display = [
        "programme",
        "term",
        "created_at",
        "created_by",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]
    list_filter = ["status", "programme"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("programme"), FieldPanel("term")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("region_scope"),
        ],
        base_form_class=AllocationRunForm,
    )


class PlacementReportView(InstitutionTermReportView[reports.TermReport]):
    """Base utilisation, hours completion and supervision compliance of one of the user's
    institutions in a term, with charts and export."""

    page_title = gettext_lazy("Placement report")
    template_name = "placements/admin/report.html"
    model = Placement
    roles = MANAGING_ROLES
    export_name = "placements"

    def make_report(self, institution: Institution, term: Term) -> reports.TermReport:
        return reports.term_report(institution, term)

    def export(self, report: reports.TermReport) -> Sheet:
        header = [
            _("Trainee"),
            _("Practice base"),
            _("Status"),
            _("Required hours"),
            _("Approved hours"),
            _("Supervision minutes"),
            _("Minutes required"),
            _("Supervision rule met"),
        ]
        rows: list[list[Cell]] = [
            [
                str(row.placement.trainee),
                str(row.placement.base),
                str(row.placement.get_status_display()),
                row.placement.required_hours,
                float(row.approved),
                row.supervision_minutes,
                row.required_minutes,
                _("yes") if row.compliant else _("no"),
            ]
            for row in report.placements
        ]
        return Sheet(header, rows)  # fmt: skip


class PlacementsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Placements")
    menu_icon = "home"
    menu_order = 180
    items = (
        # The learning site's URLs already use the "placements" namespace.
        PlacementViewSet("placement_admin", url_prefix="placements"),
        SinglePageViewSet(
            "hours-queue",
            view_class=HoursQueueView,
            menu_label=gettext_lazy("Hours to approve"),
            icon="time",
        ),
        PracticeBaseViewSet("practice-bases"),
        BaseAgreementViewSet("base-agreements"),
        PlacementProgrammeViewSet("placement-programmes"),
        PlacementApplicationViewSet("placement-applications"),
        AllocationRunViewSet("allocations"),
        SinglePageViewSet(
            "placement-report",
            view_class=PlacementReportView,
            menu_label=gettext_lazy("Placement report"),
        ),
    )
