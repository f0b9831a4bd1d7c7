"""The Quality menu: indicator frameworks (snippets with revisions and a review workflow),
evaluation rounds with their workspace, values and side-by-side comparison, and course
evaluation questionnaires."""

from pathlib import Path
from typing import Any, NamedTuple, Protocol

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, LocaleColumn, UpdatedAtColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup

from assessment import reports, rounds, scoring
from assessment.forms import RoundValuesForm, ValueLine
from assessment.models import EvaluationRound, IndicatorFramework, IndicatorValue
from assessment.models.frameworks import authorities_of
from assessment.tasks import compute_round_task
from core.languages import translation_fields
from core.models import Institution, PraxisDocument
from core.panels import in_each_language
from core.permissions import InstitutionOwnedForm, ScopedAdminModelForm, signed_in
from core.scoped_views import ScopedInspectView
from core.translations import originals
from core.viewsets import (
    ScopedChooserViewSet,
    ScopedModelViewSet,
    ScopedSnippetViewSet,
    viewset_url,
)
from courses.models import Questionnaire

QUALITY_MENU_HOOK = "register_quality_menu_item"


class FrameworkForm(ScopedAdminModelForm):
    """A framework belongs to one of the evaluator's authorities; only a platform
    administrator keeps a shared one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        field.queryset = authorities_of(self.for_user)
        field.required = not self.for_user.is_superuser
        if not self.instance.pk and len(field.queryset[:2]) == 1:
            field.initial = field.queryset[0]


class FrameworkViewSet(ScopedSnippetViewSet):
    """Registered as a snippet (revisions, workflow, previews); listed in the Quality menu.
    Each authority's evaluators see their frameworks and the shared ones, and change theirs
    only through the review workflow (core.workflows)."""

    model = IndicatorFramework
    icon = "list-ul"
    menu_label = gettext_lazy("Indicator frameworks")
    add_to_admin_menu = True
    menu_hook = QUALITY_MENU_HOOK
    menu_order = 1
    list_display = [
        "name",
        "authority",
        LocaleColumn(label=gettext_lazy("Language")),
        UpdatedAtColumn(label=gettext_lazy("Updated")),  # in the reader's language
    ]
    list_filter = ["authority"]
    search_fields = None
    copy_view_enabled = False
    chooser_viewset_class = ScopedChooserViewSet
    edit_handler = ObjectList(IndicatorFramework.panels, base_form_class=FrameworkForm)


class RoundForm(ScopedAdminModelForm):
    """A new round: an authority of the evaluator, a published framework and institutions of
    the authority's region. Once open, only its name changes."""

    FIXED = ("authority", "framework", "starts_on", "ends_on", "institutions")
    instance: EvaluationRound

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities_of(self.for_user)
        # A round scores with a framework, not one of its translations: the report names
        # its indicators in each reader's language from them.
        self.fields["framework"].queryset = originals(
            IndicatorFramework.objects.for_user(self.for_user).filter(live=True)
        )
        self.fields["institutions"].queryset = (
            Institution.objects.overseen_by(self.for_user)
            .filter(oversight_region=None)
            .order_by("name")
        )
        if self.instance.pk:
            for name in self.FIXED:
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        elif starts and ends and not self.instance.pk and not self.errors:
            try:
                rounds.check_round(
                    authority=cleaned["authority"],
                    framework=cleaned["framework"],
                    starts_on=starts,
                    ends_on=ends,
                    institutions=list(cleaned["institutions"]),
                )
            except rounds.RoundError as error:
                self.add_error(None, str(error))
        return cleaned

    def save(self, commit: bool = True) -> EvaluationRound:
        if self.instance.pk:
            return super().save(commit)
        data = self.cleaned_data
        self.instance = rounds.open_round(
            authority=data["authority"],
            framework=data["framework"],
            name=data["name"],
            names={field: data[field] for field in translation_fields()},
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            institutions=data["institutions"],
            by=self.for_user,
        )
        return self.instance


class RoundRow(NamedTuple):
    institution: Institution
    assessment: scoring.Assessment
    missing: list[str]  # codes of the manual values not filled in yet


def round_rows(evaluation: EvaluationRound) -> list[RoundRow]:
    """Each institution's live total, rating and missing manual values, in a few queries."""
    definition = evaluation.definition()
    values = rounds.values_of(evaluation)
    missing: dict[int, list[str]] = {}
    for institution, code in rounds.missing_manual(evaluation, definition, values):
        missing.setdefault(institution.pk, []).append(code)
    rows = []
    for institution in evaluation.institutions.order_by("name"):
        assessment = scoring.assess(definition, values.get(institution.pk, {}))
        rows.append(RoundRow(institution, assessment, missing.get(institution.pk, [])))
    return rows


class RoundInspectView(ScopedInspectView):
    """The round's workspace: compute, fill in, finalise, reopen, compare."""

    def get_framework_revision_display_value(self) -> str:
        """The framework as it stood when the round began: when that version was saved."""
        saved = localtime(self.object.framework_revision.created_at)
        return _("Version of %(date)s") % {"date": date_format(saved, "DATETIME_FORMAT")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        evaluation = self.object
        context.update(
            rows=round_rows(evaluation),
            stalled=evaluation.is_stalled(),
            can_compute=evaluation.is_open and not evaluation.is_computing(),
            act_url=viewset_url(self, "act", evaluation.pk),
            status_url=viewset_url(self, "status", evaluation.pk),
            compare_url=viewset_url(self, "compare", evaluation.pk),
            values_url_name=self.index_url_name.replace(":index", ":values"),
            snapshots=evaluation.snapshots.select_related("institution").order_by(
                "-version", "institution__name"
            ),
        )
        return context


class RoundScreen(Protocol):
    """A screen of one round: a RoundMixin that is also a Wagtail admin template view."""

    url_namespace: str | None
    evaluation: EvaluationRound
    breadcrumbs_items: list[dict[str, str]]

    def get_page_title(self) -> str: ...


class RoundMixin:
    """Views of one round: found among the rounds the user runs, or 404."""

    url_namespace: str | None = None
    request: HttpRequest  # the view's

    def get_round(self, pk: int) -> EvaluationRound:
        return get_object_or_404(EvaluationRound.objects.run_by(self.request.user), pk=pk)

    def workspace(self, evaluation: EvaluationRound) -> HttpResponseRedirect:
        return redirect(reverse(f"{self.url_namespace}:inspect", args=[evaluation.pk]))

    def get_breadcrumbs_items(self: RoundScreen) -> list[dict[str, str]]:
        """Home > Evaluation rounds > the round > this screen, for the screens of one round."""
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{self.url_namespace}:index"), "label": _("Evaluation rounds")},
            {
                "url": reverse(f"{self.url_namespace}:inspect", args=[self.evaluation.pk]),
                "label": str(self.evaluation),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class RoundActionView(RoundMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        evaluation = self.get_round(pk)
        action = request.POST.get("action")
        try:
            if action == "compute" and evaluation.is_computing():
                messages.info(
                    request, _("The figures are being computed; this page shows how far it got.")
                )
            elif action == "compute":
                rounds.check_open(evaluation)
                EvaluationRound.objects.filter(pk=evaluation.pk).update(
                    progress=0, progress_at=timezone.now()
                )
                transaction.on_commit(lambda: compute_round_task.enqueue(evaluation.pk))
                messages.success(
                    request, _("The figures are being computed; this page shows how far it got.")
                )
            elif action == "finalise":
                rounds.finalise(evaluation, by=signed_in(request))
                messages.success(
                    request,
                    _("%(round)s is finalised; its reports are ready.") % {"round": evaluation},
                )
            elif action == "reopen":
                evaluation = rounds.reopen(
                    evaluation, reason=request.POST.get("reason", ""), by=signed_in(request)
                )
                messages.success(
                    request,
                    _("%(round)s is open again as version %(version)s.")
                    % {"round": evaluation, "version": evaluation.version},
                )
        except rounds.RoundError as error:
            messages.error(request, str(error))
        return self.workspace(evaluation)


class RoundStatusView(RoundMixin, View):
    """The computation's progress, for the workspace's progress bar."""

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        evaluation = self.get_round(pk)
        computing = evaluation.progress is not None
        return JsonResponse(
            {
                "progress": evaluation.progress or (0 if computing else 100),
                "stage": _("Computing the figures…") if computing else _("Done"),
                "ready": not computing,
                "failed": False,
                "url": reverse(f"{self.url_namespace}:inspect", args=[evaluation.pk]),
            }
        )


class ValuesView(RoundMixin, WagtailAdminTemplateMixin, TemplateView):
    """One institution's values in a round: computed ones shown, manual ones entered with a
    note and evidence, all saved together or none."""

    template_name = "assessment/admin/round_values.html"
    header_icon = "edit"
    evaluation: EvaluationRound
    institution: Institution

    def get_page_title(self) -> str:
        return _("Values")

    def get_page_subtitle(self) -> str:
        return f"{self.evaluation} · {self.institution}"

    def setup_round(self, pk: int, institution_pk: int) -> None:
        self.evaluation = self.get_round(pk)
        self.institution = get_object_or_404(self.evaluation.institutions.all(), pk=institution_pk)

    def get(self, request: HttpRequest, pk: int, institution_pk: int) -> HttpResponse:
        self.setup_round(pk, institution_pk)
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request: HttpRequest, pk: int, institution_pk: int) -> HttpResponse:
        self.setup_round(pk, institution_pk)
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid() and self.save(form):
            messages.success(
                request,
                _("The values of %(institution)s are saved.") % {"institution": self.institution},
            )
            return self.workspace(self.evaluation)
        messages.error(request, _("Nothing was saved. Correct the values marked below."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_form(
        self,
        data: QueryDict | None = None,
        files: MultiValueDict[str, UploadedFile[Any]] | None = None,
    ) -> RoundValuesForm:
        stored = {
            row.code: row
            for row in IndicatorValue.objects.filter(
                round=self.evaluation, institution=self.institution
            ).prefetch_related("evidence")
        }
        lines = [
            ValueLine(
                indicator,
                stored.get(indicator["code"]),
                list(stored[indicator["code"]].evidence.all())
                if indicator["code"] in stored
                else [],
            )
            for indicator in rounds.indicators(self.evaluation.definition())
        ]
        return RoundValuesForm(lines, self.evaluation.is_open, data, files)

    def save(self, form: RoundValuesForm) -> bool:
        """Every changed value, or none: a refused one is marked on its line."""
        with transaction.atomic():
            for line in form.changed_rows():
                try:
                    rounds.enter_value(
                        self.evaluation,
                        self.institution,
                        line.pk,
                        form.cell(line, "value"),
                        note=form.cell(line, "note"),
                        evidence=self.evidence_for(line, form.cell(line, "evidence")),
                        by=signed_in(self.request),
                    )
                except rounds.RoundError as error:
                    form.add_cell_error(line, "value", error)
            if form.errors:
                transaction.set_rollback(True)
        return not form.errors

    def evidence_for(
        self, line: ValueLine, upload: UploadedFile[Any] | None
    ) -> list[PraxisDocument]:
        """The evidence already attached, plus a file uploaded now, kept in the authority's
        collection."""
        if upload is None:
            return line.evidence
        assert upload.name  # a form's FileField takes no file without a name
        document = PraxisDocument.objects.create(
            title=f"{line.pk} · {Path(upload.name).stem}"[:255],
            file=upload,
            collection=self.evaluation.authority.collection,
            uploaded_by_user=signed_in(self.request),
        )
        return [*line.evidence, document]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            evaluation=self.evaluation,
            institution=self.institution,
            workspace_url=reverse(f"{self.url_namespace}:inspect", args=[self.evaluation.pk]),
        )
        return context


class CompareView(RoundMixin, WagtailAdminTemplateMixin, TemplateView):
    """The round's institutions side by side, read-only: finalised values once frozen."""

    template_name = "assessment/admin/round_compare.html"
    header_icon = "table"
    evaluation: EvaluationRound

    def get_page_title(self) -> str:
        return _("Side by side")

    def get_page_subtitle(self) -> str:
        return str(self.evaluation)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.evaluation = self.get_round(pk)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(reports.comparison(self.evaluation))
        context["workspace_url"] = reverse(
            f"{self.url_namespace}:inspect", args=[self.evaluation.pk]
        )
        return context


class RoundViewSet(ScopedModelViewSet):
    model = EvaluationRound
    icon = "clipboard-list"
    menu_label = gettext_lazy("Evaluation rounds")
    inspect_view_enabled = True
    inspect_view_class = RoundInspectView
    inspect_template_name = "assessment/admin/round_inspect.html"
    # The progress shows while figures are computed, in the workspace's own progress bar.
    inspect_view_fields = [
        "authority",
        "framework",
        "framework_revision",
        "name",
        "starts_on",
        "ends_on",
        "status",
        "version",
        "computed_at",
        "created_by",
        "created_at",
    ]
    list_display = [
        "__str__",  # the name in the reader's language
        "authority",
        "ends_on",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        "version",
    ]
    list_filter = ["status"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            in_each_language("name"),
            FieldRowPanel([FieldPanel("authority"), FieldPanel("framework")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("institutions", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=RoundForm,
    )

    def get_urlpatterns(self) -> list[URLPattern | URLResolver]:
        kwargs = {"url_namespace": self.url_namespace}
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/act/", RoundActionView.as_view(**kwargs), name="act"),
            path("<int:pk>/status/", RoundStatusView.as_view(**kwargs), name="status"),
            path("<int:pk>/compare/", CompareView.as_view(**kwargs), name="compare"),
            path(
                "<int:pk>/institutions/<int:institution_pk>/",
                ValuesView.as_view(**kwargs),
                name="values",
            ),
        ]


class QuestionnaireForm(InstitutionOwnedForm):
    """Only a superuser shares a questionnaire with every institution."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].required = not self.for_user.is_superuser


class QuestionnaireViewSet(ScopedSnippetViewSet):
    """Registered as a snippet, so that wagtail-localize translates it; listed in the Quality
    menu at its usual address."""

    model = Questionnaire
    icon = "form"
    menu_label = gettext_lazy("Course evaluations")
    add_to_admin_menu = True
    menu_hook = QUALITY_MENU_HOOK
    menu_order = 3
    url_prefix = "quality/questionnaires"
    list_display = ["name", "institution", LocaleColumn(label=gettext_lazy("Language"))]
    search_fields = None
    copy_view_enabled = False
    chooser_viewset_class = ScopedChooserViewSet
    edit_handler = ObjectList(Questionnaire.panels, base_form_class=QuestionnaireForm)


class QualityGroup(ViewSetGroup):
    menu_label = gettext_lazy("Quality")
    menu_icon = "pick"
    menu_order = 190
    submenu_hook = QUALITY_MENU_HOOK
    items = (RoundViewSet("evaluation_round", url_prefix="quality/rounds"),)
