"""Admin screens for institutions, regions and memberships, and the pieces other apps'
screens are built from: scoped model viewsets and spreadsheet imports."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_stubs_ext import StrOrPromise
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages import workflow as pages_workflow
from wagtail.admin.viewsets import pages as pages_viewsets
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from core import audit, scoped_views
from core.forms import MembershipForm, UploadForm
from core.imports import ImportFailed, Preview
from core.models import Institution, Membership, Region, Role, User
from core.models.terms import Term, current_term
from core.panels import MultiFieldPanel, in_each_language
from core.permissions import InstitutionOwnedForm, ScopedAdminModelForm
from core.services import (
    erase_person,
    erases_everywhere,
    may_erase_at_institutions,
    provision_institution,
)
from core.spreadsheets import Sheet, SpreadsheetError, Table, read_table, spreadsheet_response

if TYPE_CHECKING:  # the views SpreadsheetImportMixin goes before
    from django.core.files.uploadedfile import UploadedFile
    from django.views.generic import TemplateView as _TemplateView
else:
    _TemplateView = object


class YesNoColumn(BooleanColumn):
    """Wagtail's tick-or-cross column, whose icon a screen reader reads as Yes or No rather
    than Python's True or False."""

    cell_template_name = "core/admin/yes_no_cell.html"


class ViewOfViewSet(Protocol):
    """A view that a viewset built, which knows its index's URL name."""

    @property
    def index_url_name(self) -> str: ...


def viewset_url(view: ViewOfViewSet, name: str, *args: object) -> str:
    """A URL of the view's own viewset, for the views Wagtail builds (they know their index)."""
    return reverse(f"{view.index_url_name.rsplit(':', 1)[0]}:{name}", args=args)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view is limited to the records in the user's scope; a view
    a subclass swaps in subclasses the scoped view it replaces (core.scoped_views)."""

    index_view_class = scoped_views.ScopedIndexView
    add_view_class = scoped_views.ScopedCreateView
    copy_view_class = scoped_views.ScopedCopyView
    edit_view_class = scoped_views.ScopedEditView
    delete_view_class = scoped_views.ScopedDeleteView
    history_view_class = scoped_views.ScopedHistoryView
    usage_view_class = scoped_views.ScopedUsageView
    inspect_view_class = scoped_views.ScopedInspectView

    copy_view_enabled = False
    search_backend_name = None
    # On a viewset whose listing export holds personal data: the lookup from a record to its
    # institution, on which each export is logged (core.audit.record_export).
    export_logged_via: str | None = None

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(export_logged_via=self.export_logged_via, **kwargs)

    def get_edit_handler(self) -> Panel | None:
        """The panels with a form that offers only what the user may choose: a
        ScopedAdminModelForm, given or by default."""
        handler = super().get_edit_handler()
        if handler is None and self.get_form_fields():
            handler = ObjectList(list(map(FieldPanel, self.get_form_fields())))
            handler = handler.bind_to_model(self.model)
        if handler is None:
            return None
        form_class = handler.base_form_class or getattr(self.model, "base_form_class", None)
        if form_class is None:
            kwargs = handler.clone_kwargs() | {"base_form_class": ScopedAdminModelForm}
            return type(handler)(**kwargs).bind_to_model(self.model)
        if not issubclass(form_class, ScopedAdminModelForm):
            raise ImproperlyConfigured(
                f"{type(self).__name__}: {form_class.__name__} must be a ScopedAdminModelForm, "
                "so that its choices keep to the user's institutions."
            )
        return handler


class ScopedSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet whose every view (revisions, drafts, previews, locking and workflow
    actions included) is limited to the records in the user's scope."""

    index_view_class = scoped_views.ScopedSnippetIndexView
    add_view_class = scoped_views.ScopedSnippetCreateView
    copy_view_class = scoped_views.ScopedSnippetCopyView
    edit_view_class = scoped_views.ScopedSnippetEditView
    delete_view_class = scoped_views.ScopedSnippetDeleteView
    history_view_class = scoped_views.ScopedSnippetHistoryView
    usage_view_class = scoped_views.ScopedSnippetUsageView
    inspect_view_class = scoped_views.ScopedSnippetInspectView
    preview_on_add_view_class = scoped_views.ScopedPreviewOnCreateView
    preview_on_edit_view_class = scoped_views.ScopedPreviewOnEditView
    revisions_view_class = scoped_views.ScopedPreviewRevisionView
    revisions_compare_view_class = scoped_views.ScopedRevisionsCompareView
    revisions_unschedule_view_class = scoped_views.ScopedRevisionsUnscheduleView
    unpublish_view_class = scoped_views.ScopedUnpublishView
    lock_view_class = scoped_views.ScopedLockView
    unlock_view_class = scoped_views.ScopedUnlockView
    workflow_action_view_class = scoped_views.ScopedWorkflowActionView
    collect_workflow_action_data_view_class = scoped_views.ScopedCollectWorkflowActionDataView
    confirm_workflow_cancellation_view_class = scoped_views.ScopedConfirmWorkflowCancellationView
    workflow_preview_view_class = scoped_views.ScopedWorkflowPreviewView
    workflow_history_view_class = scoped_views.ScopedWorkflowHistoryView
    workflow_history_detail_view_class = scoped_views.ScopedWorkflowHistoryDetailView


class ScopedChooserViewSet(chooser.SnippetChooserViewSet):
    """A snippet chooser that lists, and lets one choose, only the records in the user's
    scope."""

    choose_view_class = scoped_views.ScopedChooseView
    choose_results_view_class = scoped_views.ScopedChooseResultsView
    chosen_view_class = scoped_views.ScopedChosenView
    chosen_multiple_view_class = scoped_views.ScopedChosenMultipleView
    create_action_label = None


class ErasureInspectView(scoped_views.ScopedInspectView):
    """A person's record, where the administrators of their institution remove them from its
    records, and a platform administrator erases them everywhere (core.services.erase_person).
    `erasure_explanation` and `full_erasure_explanation` say what goes and what stays; the
    template includes core/admin/erasure.html."""

    erasure_explanation: StrOrPromise = ""
    full_erasure_explanation: StrOrPromise = ""
    erased_message: StrOrPromise = ""

    def can_erase(self) -> bool:
        user = self.request.user
        administered = self.model._default_manager.for_user(user, [Role.INSTITUTION_ADMIN])
        return administered.filter(pk=self.object.pk).exists() and (
            erases_everywhere(self.object, user) or may_erase_at_institutions(self.object, user)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can_erase():
            raise PermissionDenied
        if request.POST.get("confirm") != "erase":
            messages.error(
                request, gettext("Tick the box to confirm the erasure; nothing was erased.")
            )
            return redirect(request.path)
        erase_person(self.object, by=request.user)
        messages.success(request, self.erased_message)
        # After an institution's erasure the record is no longer among its own.
        return redirect(self.index_url_name)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        everywhere = erases_everywhere(self.object, self.request.user)
        return super().get_context_data(**kwargs) | {
            "can_erase": self.can_erase(),
            "erasure_explanation": (
                self.full_erasure_explanation if everywhere else self.erasure_explanation
            ),
        }


class Importer(Protocol):
    """A spreadsheet import's module (courses.imports, say): its columns, the preview of
    what importing a table into a target would do, the import itself, and what it did."""

    @property
    def REQUIRED(self) -> tuple[str, ...]: ...
    @property
    def OPTIONAL(self) -> tuple[str, ...]: ...
    def preview(self, target: Any, table: Table) -> Preview: ...
    def import_rows(self, target: Any, table: Table) -> Preview: ...
    def summary(self, result: Preview) -> str: ...


# What a subclass imports into (an offering, an institution).
T = TypeVar("T", bound=Model)


# Generic first: at run time the other base is `object`, which must come last.
class SpreadsheetImportMixin(Generic[T], _TemplateView):  # noqa: UP046
    """Upload, preview, import: the preview says what each row will do or what is wrong with
    it; the checked rows wait in the session under a token of their own (never in a URL),
    and confirming imports them all or none. A subclass names its importer (a module with
    REQUIRED and OPTIONAL columns and preview, import_rows and summary functions) and what
    the rows go into: its target."""

    template_name = "core/admin/import.html"
    form_class: type[UploadForm] = UploadForm
    importer: Importer
    import_note: StrOrPromise = ""
    # Errors of the importer's domain that refuse a whole file; their message says why.
    refusals: tuple[type[Exception], ...] = ()

    @property
    def import_name(self) -> str:
        """Names the blank file's download and the pending import in the session."""
        return "import"

    def get_form(
        self,
        data: QueryDict | None = None,
        files: MultiValueDict[str, UploadedFile[Any]] | None = None,
    ) -> UploadForm:
        return self.form_class(data, files)

    def target_of(self, form: UploadForm) -> T:
        raise NotImplementedError

    def target_by_pk(self, pk: int) -> T:
        """The target kept with the preview, found again within the user's scope."""
        raise NotImplementedError

    def import_url(self) -> str:
        raise NotImplementedError

    def success_url(self, target: T) -> str:
        raise NotImplementedError

    @property
    def columns(self) -> tuple[str, ...]:
        return self.importer.REQUIRED + self.importer.OPTIONAL

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            columns=self.columns,
            required_columns=self.importer.REQUIRED,
            import_note=self.import_note,
        )
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        blank = request.GET.get("blank")
        if blank in ("csv", "xlsx"):
            return spreadsheet_response(blank, self.import_name, Sheet(list(self.columns)))
        return super().get(request, *args, **kwargs)

    def session_key(self, token: str) -> str:
        return f"{self.import_name}-{token}"

    def render_with(self, **context: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(**context))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "confirm" in request.POST:
            return self.confirm(request, request.POST["confirm"])
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_with(form=form)
        target = self.target_of(form)
        refused: tuple[type[Exception], ...] = (SpreadsheetError, ImportFailed, *self.refusals)
        try:
            table = read_table(form.cleaned_data["file"], form.cleaned_data["encoding"])
            preview = self.importer.preview(target, table)
        except refused as error:
            form.add_error("file", str(error))
            return self.render_with(form=form)
        token = None
        if preview.ok:  # each preview its own token: another tab's preview is another import
            token = secrets.token_urlsafe(8)
            request.session[self.session_key(token)] = {"target": target.pk, "table": table}
        return self.render_with(form=form, preview=preview, token=token, table=table)

    def confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        key = self.session_key(token)
        kept = request.session.get(key)
        if kept is None:
            messages.error(request, gettext("The preview has expired: upload the file again."))
            return redirect(self.import_url())
        target = self.target_by_pk(kept["target"])
        error: Exception
        try:
            result = self.importer.import_rows(target, kept["table"])
        except ImportFailed as failed:
            if failed.preview is not None:
                return self.render_with(preview=failed.preview)
            error = failed
        except self.refusals as refusal:
            error = refusal
        else:
            del request.session[key]
            messages.success(request, self.importer.summary(result))
            return redirect(self.success_url(target))
        messages.error(request, gettext("Nothing was imported: %(error)s") % {"error": error})
        return redirect(self.import_url())


class ReportChoiceForm(forms.Form):
    """Which institution and term a report shows, offered in the order terms happen."""

    # Not "required": a choice is always made, and a filter needs no asterisk.
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        empty_label=None,
        required=False,
    )
    term = forms.ModelChoiceField(
        label=_("Term"), queryset=Term.objects.none(), empty_label=None, required=False
    )

    def __init__(self, institutions: list[Institution], institution: Institution, term: Term):
        super().__init__(initial={"institution": institution, "term": term})
        offered = Institution.objects.filter(pk__in=[i.pk for i in institutions])
        cast("forms.ModelChoiceField[Institution]", self.fields["institution"]).queryset = offered
        cast("forms.ModelChoiceField[Term]", self.fields["term"]).queryset = institution.terms.all()


class InstitutionTermReportView[R](WagtailAdminTemplateMixin, TemplateView):
    """A report of one of the user's institutions in one of its terms, picked by
    `?institution=` and `?term=` (the current term by default), with its rows downloadable as
    CSV or XLSX. A subclass says whose "view" permission opens it, which roles' institutions it
    offers, and how the report and its export are made."""

    header_icon = "table"
    model: type[Model] | None = None
    roles: Sequence[str] = ()
    export_name = "report"

    def make_report(self, institution: Institution, term: Term) -> R:
        raise NotImplementedError

    def export(self, report: R) -> Sheet:
        """The report as a sheet to export."""
        raise NotImplementedError

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @classmethod
    def admits(cls, user: User | AnonymousUser) -> bool:
        """Whether the user may open the report: the "view" permission on its model."""
        return policy_registry.get_by_type(cls.model).user_has_permission(user, "view")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.admits(request.user):
            raise PermissionDenied
        institutions = list(Institution.objects.with_role(request.user, self.roles))
        chosen = next(
            (i for i in institutions if str(i.pk) == request.GET.get("institution")),
            institutions[0] if institutions else None,
        )
        terms = list(chosen.terms.all()) if chosen else []
        term = next((t for t in terms if str(t.pk) == request.GET.get("term")), None)
        term = term or current_term(terms)
        report = self.make_report(chosen, term) if chosen and term else None
        export_format = request.GET.get("export") or ""
        exporting = export_format in ("csv", "xlsx")
        if report is not None and chosen is not None and term is not None and exporting:
            sheet = self.export(report)
            name = f"{self.export_name}-{chosen.slug}-{slugify(term.name_en)}"
            filename = f"{name}.{export_format}"
            audit.record_download(request, chosen, filename, rows=len(sheet.rows))
            return spreadsheet_response(export_format, name, sheet)
        context = self.get_context_data(
            institution=chosen,
            term=term,
            report=report,
            choice_form=ReportChoiceForm(institutions, chosen, term) if chosen and term else None,
        )
        return self.render_to_response(context)


class AdmittingView(Protocol):
    """A single-page admin view that says whom it opens for."""

    @classmethod
    def admits(cls, user: User | AnonymousUser) -> bool: ...

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponse]: ...


class SinglePageViewSet(ViewSet):
    """A menu item for a single-page view: a report, a work queue."""

    icon = "table"
    view_class: type[AdmittingView]

    def get_urlpatterns(self) -> list[URLPattern]:
        return [path("", self.view_class.as_view(), name="index")]

    @property
    def menu_url(self) -> str:
        return reverse(f"{self.url_namespace}:index")

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        """Shown, as Wagtail shows a model viewset's, only to those the view admits (a report:
        the "view" permission on its model): no menu item that leads to "permission denied"."""
        view_class = self.view_class

        def is_shown(_item: MenuItem, request: HttpRequest) -> bool:
            return view_class.admits(request.user)

        return type(f"{type(self).__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})


class InstitutionCreateView(scoped_views.ScopedCreateView):
    """Creating an institution also provisions its pages, media, groups and workflow."""

    @transaction.atomic
    def save_instance(self) -> Institution:
        return provision_institution(super().save_instance())


class InstitutionViewSet(ScopedModelViewSet):
    model = Institution
    icon = "group"
    menu_label = _("Institutions")
    add_view_class = InstitutionCreateView
    inspect_view_enabled = True
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "region",
        YesNoColumn("active", label=_("Active")),
    ]
    list_filter = ["kind", "active", "region"]
    list_export = ["name", "slug", "kind", "region", "address", "contact_email", "active"]
    export_filename = "institutions"
    search_fields = ["name", "name_es", "name_zh_hans", "name_en", "slug", "address"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                in_each_language("name"),
                FieldPanel("slug", permission="superuser"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("region")]),
                FieldPanel("logo"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("active"), FieldPanel("oversight_region")],
            heading=_("Status"),
            permission="superuser",
        ),
    ]


class MembershipViewSet(ScopedModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = [
        Column("user", label=_("Person")),
        Column("role", label=_("Role"), accessor="get_role_display"),
        "institution",
        "created_at",
    ]
    list_filter = ["role", "institution"]
    list_export = ["user.email", "user.first_name", "user.last_name", "role", "institution"]
    export_logged_via = "institution"
    export_headings = {
        "user.email": _("E-mail address"),
        "user.first_name": _("First name"),
        "user.last_name": _("Last name"),
    }
    export_filename = "memberships"
    search_fields = ["user__email", "user__first_name", "user__last_name", "institution__name"]
    edit_handler = ObjectList(
        [FieldPanel("email"), FieldPanel("institution"), FieldPanel("role")],
        base_form_class=MembershipForm,
    )


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    copy_view_enabled = False
    search_backend_name = None
    list_display = [
        "name",
        Column("level", label=_("Level"), accessor="get_level_display"),
        "parent",
        "code",
    ]
    list_filter = ["level"]
    list_export = ["name", "level", "parent", "code"]
    export_filename = "regions"
    search_fields = ["name", "name_es", "name_zh_hans", "name_en", "code"]
    panels = [
        FieldPanel("name"),
        in_each_language("name"),
        FieldPanel("level"),
        FieldPanel("parent"),
        FieldPanel("code"),
    ]


class TermViewSet(ScopedModelViewSet):
    """An institution's terms, in the order they happen, with the current one marked."""

    model = Term
    icon = "date"
    menu_label = _("Terms")
    add_to_reference_index = False
    list_display = [
        "__str__",
        "institution",
        "starts_on",
        "ends_on",
        Column(
            "current",
            label=_("Current"),
            accessor=lambda term: _("Current term") if term.is_current() else "",
        ),
    ]
    list_filter = ["institution"]
    search_fields = ["name_es", "name_zh_hans", "name_en"]
    edit_handler = ObjectList(Term.panels, base_form_class=InstitutionOwnedForm)


class PeopleAndPlacesGroup(ViewSetGroup):
    menu_label = _("Institutions")
    menu_icon = "group"
    menu_order = 200
    items = (
        InstitutionViewSet("institutions"),
        MembershipViewSet("memberships"),
        TermViewSet("terms"),
        RegionViewSet("regions"),
    )


class WorkflowActionView(
    scoped_views.WorkflowOutcomeMessageMixin, pages_workflow.WorkflowActionView
):
    pass


class PageViewSet(pages_viewsets.PageViewSet):
    """Wagtail's views of every page type, with a workflow action that reports back."""

    workflow_action_view_class = WorkflowActionView
