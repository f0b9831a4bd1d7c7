"""Forms at the boundary of the trainee's placement pages and the supervisor links."""

from django import forms
from django.utils.translation import gettext_lazy as _

from placements.models import HoursEntry, PracticeBase


class HoursEntryForm(forms.ModelForm):
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

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = self.fields["competencies"].queryset.filter(
            pk__in=[c.pk for c in competencies]
        )


class ApplicationForm(forms.Form):
    """Up to five ranked choices, each a base or any base of a field, and at most one
    declared conflict of interest."""

    CHOICES = 5

    def __init__(self, *args, bases, fields, **kwargs):
        super().__init__(*args, **kwargs)
        options = [
            ("", "—"),
            (_("Practice bases"), [(f"base:{b.pk}", f"{b} · {b.region}") for b in bases]),
            (_("Any base of a field"), [(f"field:{f.pk}", str(f)) for f in fields]),
        ]
        for rank in range(1, self.CHOICES + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=_("Choice %(rank)s") % {"rank": rank}, choices=options, required=rank == 1
            )
        self.fields["conflict"] = forms.ModelChoiceField(
            PracticeBase.objects.filter(pk__in=[b.pk for b in bases]),
            label=_("A base where you have a conflict of interest"),
            required=False,
            help_text=_("e.g. a relative works there or you receive its services."),
        )
        self.fields["conflict_reason"] = forms.CharField(
            label=_("Why"), max_length=255, required=False
        )

    def clean(self):
        cleaned = super().clean()
        picked = [cleaned.get(f"choice_{rank}") for rank in range(1, self.CHOICES + 1)]
        picked = [choice for choice in picked if choice]
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
