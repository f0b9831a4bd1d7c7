"""The continuing-education ledger in the editor, with its evidence, and the rules of how many
hours each professional level owes."""

from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from core import audit
from core.forms import PrivateFileInput
from core.permissions import InstitutionOwnedForm
from core.scoped_views import EMPTY, ScopedInspectView
from core.storage import file_response
from core.viewsets import ScopedModelViewSet
from courses import ledger
from courses.forms import EvidenceMixin
from courses.models import (
    ContinuingEducationRecord,
    ContinuingEducationRule,
    Trainee,
)


class LedgerRecordForm(EvidenceMixin, InstitutionOwnedForm):
    """An external activity or a degree, for a trainee of the user's institutions. A degree's
    hours come from the continuing-education rules, not from the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].required = True  # empty only on a trainee's own records
        self.fields["trainee"].queryset = Trainee.objects.managed_by(self.for_user)
        self.fields["kind"].choices = [
            choice
            for choice in ContinuingEducationRecord.Kind.choices
            if choice[0] != ContinuingEducationRecord.Kind.COURSE
        ]
        self.fields["hours"].required = False
        self.fields["hours"].help_text = _("Leave empty for a degree: the rules set its hours.")
        self.fields["evidence"].widget = PrivateFileInput(url=evidence_url(self.instance))

    def clean(self) -> dict[str, Any]:
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

    def save(self, commit: bool = True) -> ContinuingEducationRecord:
        if self.instance.recorded_by_id is None:
            self.instance.recorded_by = self.for_user
        return super().save(commit)


def evidence_url(record: ContinuingEducationRecord) -> str:
    """Where staff download a ledger record's evidence: its file is private, without a URL."""
    if not (record.pk and record.evidence):
        return ""
    return reverse("continuing-education:evidence", args=[record.pk])


class LedgerInspectView(ScopedInspectView):
    def get_evidence_display_value(self) -> str:
        url = evidence_url(self.object)
        if not url:
            return EMPTY
        return format_html('<a href="{}">{}</a>', url, _("Download the evidence"))


class EvidenceView(ScopedInspectView):
    """The evidence file, through the scoped record: never a public storage URL. It is served
    and logged under a name of its own, since the uploaded file's name may name the person."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        evidence = self.object.evidence
        if not evidence:
            raise Http404
        filename = ledger.evidence_filename(self.object)
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

    def get_urlpatterns(self) -> list[URLPattern]:
        view = self.construct_view(EvidenceView, **self.get_inspect_view_kwargs())
        return [*super().get_urlpatterns(), path("<int:pk>/evidence/", view, name="evidence")]


class RuleViewSet(ModelViewSet):
    model = ContinuingEducationRule
    icon = "cogs"
    menu_label = gettext_lazy("Continuing-education rules")
    copy_view_enabled = False
    list_display = ["professional_level", "required_hours", "period_years", "degree_hours"]
    list_export = ["professional_level", "required_hours", "period_years", "degree_hours"]
    export_filename = "continuing-education-rules"
