"""Forms at the boundary of the trainee's placement pages and the supervisor links."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.db.models import fields as model_fields
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from core.forms import reading_order, sort_choices
from core.grids import GridForm
from curriculum.models import Competency, ServiceField
from faculty.models import FacultyMember
from placements.allocation import Proposal
from placements.models import (
    HoursEntry,
    Placement,
    PlacementEvaluation,
    PracticeBase,
    RubricLevel,
    SupervisionSession,
    SupervisorLink,
)


class HoursEntryForm(forms.ModelForm[HoursEntry]):
    """A stretch of placement work; the competencies offered are the placement's own."""

    class Meta:
        model = HoursEntry
        fields = ["date", "starts_at", "ends_at", "activities", "competencies"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "activities": forms.Textarea(attrs={"rows": 3}),
            "competencies": forms.CheckboxSelectMultiple,
        }
        help_texts = {"activities": _("What you did, in a sentence or two; no names of people.")}

    def __init__(self, *args: Any, competencies: Sequence[Competency] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField[Competency]", self.fields["competencies"])
        field.queryset = Competency.objects.filter(pk__in=[c.pk for c in competencies])


class ApplicationForm(forms.Form):
    """Up to five ranked choices, each a base or any base of a field, and at most one
    declared conflict of interest."""

    CHOICES = 5

    def __init__(
        self,
        *args: Any,
        bases: QuerySet[PracticeBase],
        fields: QuerySet[ServiceField],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        bases_in_order = [(f"base:{b.pk}", f"{b} · {b.region}") for b in bases]
        fields_in_order = [(f"field:{f.pk}", str(f)) for f in fields]
        for group in (bases_in_order, fields_in_order):
            group.sort(key=lambda option: reading_order(option[1]))
        options = [
            ("", model_fields.BLANK_CHOICE_LABEL),
            (_("Practice bases"), bases_in_order),
            (_("Any base of a field"), fields_in_order),
        ]
        for rank in range(1, self.CHOICES + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=_("Choice %(rank)s") % {"rank": rank}, choices=options, required=rank == 1
            )
        self.fields["conflict"] = forms.ModelChoiceField(
            PracticeBase.objects.filter(pk__in=[b.pk for b in bases]),
            label=_("A base where you have a conflict of interest"),
            required=False,
            empty_label=model_fields.BLANK_CHOICE_LABEL,
            help_text=_("e.g. a relative works there or you receive its services."),
        )
        sort_choices(cast("forms.ModelChoiceField[PracticeBase]", self.fields["conflict"]))
        self.fields["conflict_reason"] = forms.CharField(
            label=_("Why"), max_length=255, required=False
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [cleaned.get(f"choice_{rank}") for rank in range(1, self.CHOICES + 1)]
        picked: list[str] = [choice for choice in chosen if choice]
        if len(set(picked)) != len(picked):
            raise forms.ValidationError(_("Each choice may appear only once."))
        if cleaned.get("conflict") and not cleaned.get("conflict_reason", "").strip():
            self.add_error("conflict_reason", _("Say what the conflict of interest is."))
        cleaned["preferences"] = [tuple(choice.split(":")) for choice in picked]
        return cleaned


class SelfEvaluationForm(forms.Form):
    text = forms.CharField(
        label=_("My self-evaluation"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you have learnt, what went well and what you will work on next."),
    )


class WeekDecisionForm(GridForm[HoursEntry]):
    """The agency supervisor's decision on a week: each submitted entry approved, or returned
    with a reason."""

    def row_fields(self, row: HoursEntry) -> dict[str, forms.Field]:
        if row.state != HoursEntry.State.SUBMITTED:
            return {}
        return {
            "return": forms.BooleanField(
                label=_("Return this entry to the trainee"), required=False
            ),
            "reason": forms.CharField(
                label=_("Why (when returning)"), required=False, max_length=500
            ),
        }

    def returned(self) -> dict[int, str]:
        """Entry pk → reason, for the entries returned."""
        return {
            entry.pk: self.cell(entry, "reason")
            for entry in self.rows
            if self.row_parts[self.row_key(entry)] and self.cell(entry, "return")
        }


class EvaluationLevelsForm(GridForm[Competency]):
    """The agency supervisor's rating of each competency on the programme's rubric."""

    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        competencies: Sequence[Competency],
        levels: Sequence[RubricLevel],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self.choices = [(level.pk, str(level)) for level in levels]
        super().__init__(competencies, *args, **kwargs)
        self.fields["comments"] = self.fields.pop("comments")  # after the ratings

    def row_fields(self, row: Competency) -> dict[str, forms.Field]:
        return {
            "level": forms.TypedChoiceField(
                label=str(row),
                choices=self.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Rate this competency.")},
            )
        }

    def levels(self) -> dict[int, int]:
        """Competency pk → rubric level pk."""
        return {competency.pk: self.cell(competency, "level") for competency in self.rows}


class AllocationForm(GridForm[Proposal]):
    """The coordinator's adjustments to a proposed allocation: a base of the institution for
    each application, or none."""

    def __init__(
        self,
        proposals: Sequence[Proposal],
        bases: Iterable[PracticeBase],
        editable: bool,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self.choices = [("", _("Not placed")), *((base.pk, str(base)) for base in bases)]
        self.editable = editable
        super().__init__(proposals, *args, **kwargs)

    def row_fields(self, row: Proposal) -> dict[str, forms.Field]:
        if not self.editable:
            return {}
        return {
            "base": forms.TypedChoiceField(
                label=_("Practice base"),
                choices=self.choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=row.base,
            )
        }

    def chosen(self) -> dict[int, int | None]:
        """Application pk → base pk, or None for not placed."""
        return {row.pk: self.cell(row, "base") for row in self.rows}


class SupervisionSessionForm(forms.Form):
    """A supervision session recorded from the placement's workspace."""

    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"), queryset=FacultyMember.objects.none(), empty_label=None
    )
    date = forms.DateField(label=_("Date"), widget=AdminDateInput)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=10, max_value=480, initial=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionSession.Kind.choices)
    topics = forms.CharField(
        label=_("Topics"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the session dealt with, in a sentence or two."),
    )

    def __init__(self, placement: Placement, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "session")
        super().__init__(*args, **kwargs)
        supervisors = cast("forms.ModelChoiceField[FacultyMember]", self.fields["supervisor"])
        supervisors.queryset = placement.supervisors()
        self.fields["date"].initial = timezone.localdate()


class SupervisorLinkForm(forms.Form):
    """A link for the agency supervisor: what it is for, and the week or the evaluation."""

    purpose = forms.ChoiceField(label=_("For"), choices=SupervisorLink.Purpose.choices)
    week_of = forms.DateField(
        label=_("Week (any day of it)"),
        required=False,
        widget=AdminDateInput,
        help_text=_("For approving a week's hours."),
    )
    stage = forms.ChoiceField(
        label=_("Evaluation"),
        choices=[("", "—"), *PlacementEvaluation.Stage.choices],
        required=False,
        help_text=_("For filling in an evaluation."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["week_of"].initial = today - datetime.timedelta(days=today.weekday())


def form_errors(form: forms.Form) -> str:
    """A form's errors in one sentence per field, for a message after a redirect."""
    sentences = []
    for name, errors in form.errors.items():
        said = " ".join(map(str, errors))
        field = form.fields.get(name)
        sentences.append(f"{field.label}: {said}" if field is not None else said)
    return " ".join(sentences)
