"""Forms at the boundary of the learning site and the offering screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Trainee


class TraineeProfileForm(forms.ModelForm):
    """What a trainee tells us about themselves; offerings check eligibility against it."""

    class Meta:
        model = Trainee
        fields = [
            "family_name",
            "given_name",
            "id_number",
            "phone",
            "employer",
            "employer_kind",
            "post",
            "region",
            "professional_level",
            "certificate_number",
            "certificate_date",
            "years_of_experience",
            "consents_to_data_use",
        ]
        widgets = {"certificate_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "id_number": _("Only authorised staff of the institutions you train with see it."),
            "certificate_date": _("Your registration periods are counted from this date."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consents_to_data_use"].required = True
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def save(self, commit=True):
        if "id_number" in self.changed_data:  # the trainee's own, given to every institution
            self.instance.id_number_source = None
        return super().save(commit)


class InvitationAnswerForm(forms.Form):
    """Accepting an invitation takes the place and the consent it needs; declining, neither."""

    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    consent = forms.BooleanField(
        label=_("I agree that the institution keeps the records of my training"),
        help_text=_("Attendance, grades, hours and certificates; see “My data” for all of it."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "accept" and not cleaned.get("consent"):
            self.add_error("consent", _("Tick the box to accept: the place needs your agreement."))
        return cleaned
