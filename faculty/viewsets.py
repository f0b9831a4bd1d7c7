"""Admin screens for faculty: members with their terms and qualifications, pools, and
teaching assignments checked against the rules."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language_info, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from core.forms import UploadForm
from core.models import Institution, Term, User
from core.panels import InlinePanel
from core.permissions import InstitutionOwnedForm, ScopedAdminModelForm, offer_institutions
from core.scoped_views import EMPTY, ScopedIndexView
from core.spreadsheets import Cell, Sheet
from core.viewsets import (
    ErasureInspectView,
    InstitutionTermReportView,
    ScopedModelViewSet,
    SinglePageViewSet,
    SpreadsheetImportMixin,
)
from courses.models import CourseOffering
from faculty import imports, workload
from faculty.models import (
    MANAGING_ROLES,
    EmploymentTerm,
    FacultyMember,
    FacultyPool,
    TeachingAssignment,
)
from faculty.services import AssignmentError, assign, check_assignment, term_loads


class OwnTermsFormSet(BaseChildFormSet):
    """A member's terms at the institutions whose faculty the user keeps, each naming one of
    them: another institution's terms are neither shown nor changed (saving keeps them)."""

    def __init__(
        self,
        *args: Any,
        instance: FacultyMember | None = None,
        queryset: QuerySet[EmploymentTerm] | None = None,
        form_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        # Without the editor's user (the member form passes it), the terms may name none.
        self.institutions = Institution.objects.with_role(
            (form_kwargs or {}).get("for_user") or AnonymousUser(), MANAGING_ROLES
        )
        if queryset is None and instance is not None and instance.pk:
            queryset = instance.terms.filter(institution__in=self.institutions)
        super().__init__(*args, instance=instance, queryset=queryset, form_kwargs=form_kwargs,
                         **kwargs)  # fmt: skip

    def _offer_own_institutions(self, form: forms.BaseForm) -> forms.BaseForm:
        cast(
            "forms.ModelChoiceField[Institution]", form.fields["institution"]
        ).queryset = self.institutions
        return form

    def _construct_form(self, i: int, **kwargs: Any) -> forms.BaseForm:
        return self._offer_own_institutions(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self) -> forms.BaseForm:
        return self._offer_own_institutions(super().empty_form)


class MemberForm(ScopedAdminModelForm):
    """A member's terms name only institutions where the user keeps the faculty, and their
    account is one of those institutions' members: an institution links no one else."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = Institution.objects.with_role(self.for_user, MANAGING_ROLES)
        self.fields["user"].queryset = User.objects.filter(
            Q(memberships__institution__in=institutions) | Q(pk=self.instance.user_id)
        ).distinct()
        self.fields["user"].help_text = _(
            "One of your institution's members. To link someone else, add them under "
            "Institutions › Memberships first: they receive an invitation."
        )


class PoolForm(InstitutionOwnedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = FacultyMember.objects.for_user(self.for_user)


class AssignmentForm(ScopedAdminModelForm):
    """Only the user's members and offerings; the rules are checked before anything is saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = FacultyMember.objects.for_user(self.for_user).for_pickers()
        chosen_before = members.filter(pk=self.instance.member_id)
        self.fields["member"].queryset = members.not_erased() | chosen_before
        self.fields["member"].label_from_instance = FacultyMember.picker_label
        self.fields["offering"].queryset = CourseOffering.objects.for_user(
            self.for_user, MANAGING_ROLES
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        member, offering, hours = (cleaned.get(k) for k in ("member", "offering", "hours"))
        if member and offering and hours is not None:
            try:
                check_assignment(member, offering, hours, assignment=self.instance)
            except AssignmentError as error:
                raise forms.ValidationError(str(error)) from None
        return cleaned

    def save(self, commit: bool = True) -> TeachingAssignment:
        data = self.cleaned_data
        return assign(
            data["member"], data["offering"], data["role"], data["hours"], assignment=self.instance
        )


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class MemberInspectView(ErasureInspectView):
    """The per-person page: qualifications, and each term's contract against its assignments;
    the teacher's personal data can be erased, their assignments and hours stay."""

    erasure_explanation = gettext_lazy(
        "When a teacher asks your institution to forget them: their employment terms, teaching "
        "assignments and supervision sessions here stay for the workload figures but no longer "
        "lead to them, and the editor's history of them keeps no name. Their account, their "
        "profile and their teaching for other institutions are theirs, and stay. This cannot be "
        "undone."
    )
    full_erasure_explanation = gettext_lazy(
        "When a teacher asks to be forgotten: their names, contacts, employer, biography, "
        "availability and certificate are erased, and the editor's history keeps no name; with "
        "an account, everything else Praxis keeps about them goes too, and they can no longer "
        "sign in. Their employment terms, teaching assignments and practice hours stay for the "
        "workload figures, without their name. This cannot be undone."
    )
    erased_message = gettext_lazy(
        "The teacher's personal data is erased. Their assignments and hours stay in the "
        "workload figures without their name."
    )

    def get_teaching_languages_display_value(self) -> str:
        """The languages by name, in the reader's language; a code Django does not know
        stays as typed. (Exports keep the codes, which an import reads back.)"""
        return ", ".join(language_name(code) for code in self.object.language_codes()) or EMPTY

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["terms"] = term_loads(self.object)
        context["assignments"] = self.object.assignments.select_related("offering").order_by(
            "-offering__starts_on"
        )
        return context


class FacultyUploadForm(UploadForm):
    institution = forms.ModelChoiceField(
        Institution.objects.none(),
        label=gettext_lazy("Institution"),
        help_text=gettext_lazy("The rows become this institution's faculty; no other's changes."),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        files: MultiValueDict[str, UploadedFile[Any]] | None = None,
        *,
        institutions: QuerySet[Institution],
    ) -> None:
        super().__init__(data, files)
        offer_institutions(self.fields["institution"], institutions)
        self.order_fields(["institution"])


class FacultyImportView(
    SpreadsheetImportMixin[Institution], WagtailAdminTemplateMixin, TemplateView
):
    """Import an institution's faculty from a spreadsheet."""

    page_title = gettext_lazy("Import faculty")
    header_icon = "upload"
    importer = imports
    import_note = gettext_lazy(
        "A person already in the institution's faculty (the same e-mail address, or the same "
        "name and employer) is updated, not added again; each term keeps its own employment "
        "type and hours."
    )
    url_namespace = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        policy = policy_registry.get_by_type(FacultyMember)
        if not policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        self.institutions = Institution.objects.with_role(request.user, MANAGING_ROLES)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{self.url_namespace}:index"), "label": _("Faculty members")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form(
        self,
        data: Mapping[str, Any] | None = None,
        files: MultiValueDict[str, UploadedFile[Any]] | None = None,
    ) -> FacultyUploadForm:
        return FacultyUploadForm(data, files, institutions=self.institutions)

    @property
    def import_name(self) -> str:
        return f"faculty-import-{self.request.user.pk}"

    def target_of(self, form: UploadForm) -> Institution:
        return form.cleaned_data["institution"]

    def target_by_pk(self, pk: int) -> Institution:
        return get_object_or_404(self.institutions, pk=pk)

    def import_url(self) -> str:
        return reverse(f"{self.url_namespace}:import")

    def success_url(self, institution: Institution) -> str:
        return reverse(f"{self.url_namespace}:index")


class FacultyMemberIndexView(ScopedIndexView):
    @property
    def header_buttons(self) -> list[HeaderButton]:
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            url = reverse(self.index_url_name.replace(":index", ":import"))
            buttons.append(HeaderButton(_("Import"), url=url, icon_name="upload"))
        return buttons


class FacultyMemberViewSet(ScopedModelViewSet):
    model = FacultyMember
    icon = "user"
    menu_label = gettext_lazy("Faculty members")
    index_view_class = FacultyMemberIndexView
    inspect_view_enabled = True
    inspect_view_class = MemberInspectView
    inspect_template_name = "faculty/admin/member_inspect.html"
    inspect_view_fields = [
        "family_name",
        "given_name",
        "employer",
        "highest_degree",
        "professional_level",
        "certificate_number",
        "certificate_date",
        "years_of_practice",
        "fields",
        "teaching_languages",
        "availability",
        "bio",
        "public_profile",
    ]
    list_display = ["family_name", "given_name", "employer", "professional_level"]
    list_filter = ["terms__employment_type", "fields", "professional_level", "pools"]
    list_export = [
        "family_name",
        "given_name",
        "employer",
        "highest_degree",
        "professional_level",
        "years_of_practice",
        "teaching_languages",
    ]
    export_filename = "faculty"
    export_logged_via = "terms__institution"
    search_fields = ["family_name", "given_name", "employer"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("family_name"), FieldPanel("given_name")]),
                    FieldPanel("user"),
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("employer"),
                ],
                heading=gettext_lazy("Person"),
            ),
            InlinePanel(
                "terms",
                heading=gettext_lazy("Employment by term"),
                label=gettext_lazy("Term"),
                min_num=1,
                help_text=gettext_lazy(
                    "One line per institution and term; past terms keep their type."
                ),
                formset=OwnTermsFormSet,
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("highest_degree"), FieldPanel("professional_level")]),
                    FieldRowPanel(
                        [FieldPanel("certificate_number"), FieldPanel("certificate_date")]
                    ),
                    FieldPanel("years_of_practice"),
                    FieldPanel("fields"),
                    FieldPanel("teaching_languages"),
                ],
                heading=gettext_lazy("Qualifications"),
            ),
            InlinePanel(
                "practice_hours",
                heading=gettext_lazy("Own practice hours per year"),
                label=gettext_lazy("Year"),
            ),
            FieldPanel("availability"),
            MultiFieldPanel(
                [FieldPanel("bio"), FieldPanel("public_profile")], heading=gettext_lazy("Profile")
            ),
        ],
        base_form_class=MemberForm,
    )

    def get_urlpatterns(self) -> list[URLPattern]:
        view = FacultyImportView.as_view(url_namespace=self.url_namespace)
        return [*super().get_urlpatterns(), path("import/", view, name="import")]


class FacultyPoolViewSet(ScopedModelViewSet):
    model = FacultyPool
    icon = "group"
    menu_label = gettext_lazy("Faculty pools")
    list_display = ["name", "institution", "field"]
    list_filter = ["institution", "field"]
    list_export = ["name", "institution", "field", "purpose"]
    export_filename = "faculty-pools"
    search_fields = ["name", "purpose"]
    edit_handler = ObjectList(FacultyPool.panels, base_form_class=PoolForm)


class TeachingAssignmentViewSet(ScopedModelViewSet):
    model = TeachingAssignment
    icon = "date"
    menu_label = gettext_lazy("Teaching assignments")
    list_display = [
        "member",
        "offering",
        Column("role", label=gettext_lazy("Role"), accessor="get_role_display"),
        "hours",
    ]
    list_filter = ["role"]
    list_export = ["member", "offering", "role", "hours"]
    export_filename = "teaching-assignments"
    export_logged_via = "offering__institution"
    search_fields = ["member__family_name", "member__given_name", "offering__code"]
    edit_handler = ObjectList(
        [FieldPanel("member"), FieldPanel("offering"), FieldPanel("role"), FieldPanel("hours")],
        base_form_class=AssignmentForm,
    )


class WorkloadView(InstitutionTermReportView[workload.Workload]):
    """The workload report of one of the user's institutions in one term, with its export."""

    page_title = gettext_lazy("Faculty workload")
    template_name = "faculty/admin/workload.html"
    model = FacultyMember
    roles = MANAGING_ROLES
    export_name = "workload"

    def make_report(self, institution: Institution, term: Term) -> workload.Workload:
        return workload.workload(institution, term)

    def export(self, report: workload.Workload) -> Sheet:
        header = [
            _("Family name"),
            _("Given name"),
            _("Employment type"),
            _("Professional level"),
            _("Contracted hours"),
            _("Assigned hours"),
            _("Supervision hours"),
        ]
        rows: list[list[Cell]] = [
            [
                load.member.family_name,
                load.member.given_name,
                str(load.employment_label),
                str(load.member.professional_level or ""),
                float(load.contracted),
                float(load.assigned),
                float(load.supervision),
            ]
            for load in report.members
        ]
        return Sheet(header, rows)  # fmt: skip


class FacultyGroup(ViewSetGroup):
    # The body of teachers (es "Profesorado"), not one teacher: the role is also "Faculty".
    menu_label = pgettext_lazy("teachers as a body", "Faculty")
    menu_icon = "user"
    menu_order = 170
    items = (
        FacultyMemberViewSet("faculty-members"),
        FacultyPoolViewSet("faculty-pools"),
        TeachingAssignmentViewSet("teaching-assignments"),
        SinglePageViewSet(
            "faculty-workload",
            view_class=WorkloadView,
            menu_label=gettext_lazy("Workload report"),
        ),
    )
