"""Forms at the boundary of the learning site and the offering screens."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FilesChosenAgainMixin, sort_choices
from core.grids import GridForm
from core.models import Region, User
from core.numbers import typed_number
from core.storage import delete_on_commit
from core.uploads import check_upload
from courses import completion
from courses.completion import Standing
from courses.models import Attendance, ContinuingEducationRecord, Session, Trainee

# The consent a place in an offering needs, asked on the profile, joining and invitation forms.
CONSENT = _("I agree that the institution keeps the records of my training")
CONSENT_HELP = _("Attendance, grades, hours and certificates; see “My data” for all of it.")


class TraineeProfileForm(forms.ModelForm[Trainee]):
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
        labels = {"consents_to_data_use": CONSENT}
        help_texts = {
            "consents_to_data_use": CONSENT_HELP,
            "id_number": _("Only authorised staff of the institutions you train with see it."),
            "certificate_date": _("Your registration periods are counted from this date."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consents_to_data_use"].required = True
        if isinstance(region := self.fields.get("region"), forms.ModelChoiceField):
            # Named with their province and city, from one query.
            region.queryset = Region.objects.select_related("parent__parent")
        for name in ("region", "employer_kind"):  # professional levels keep their rank
            if isinstance(field := self.fields.get(name), forms.ModelChoiceField):
                sort_choices(field)
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def save(self, commit: bool = True) -> Trainee:
        if "id_number" in self.changed_data:  # the trainee's own, given to every institution
            self.instance.id_number_source = None
        return super().save(commit)


class EvidenceMixin(FilesChosenAgainMixin):
    """A continuing-education record's evidence: a PDF or a photo, checked by its content,
    and asked for again when the form fails elsewhere."""

    cleaned_data: dict[str, Any]
    EXTENSIONS = ("pdf", "png", "jpg", "jpeg")
    MAX_MEGABYTES = 10

    def clean_evidence(self) -> File[Any] | Literal[False] | None:  # False: cleared
        evidence = self.cleaned_data.get("evidence")
        if isinstance(evidence, UploadedFile):  # a file uploaded now, not the one kept
            check_upload(evidence, self.EXTENSIONS, self.MAX_MEGABYTES)
        return evidence


class OwnRecordForm(EvidenceMixin, forms.ModelForm[ContinuingEducationRecord]):
    """Training a trainee took elsewhere, entered by themselves, with its evidence."""

    class Meta:
        model = ContinuingEducationRecord
        fields = ["title", "provider", "hours", "completed_on", "evidence"]
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"})}

    def clean_completed_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Enter the date you finished it: it cannot be in the future."))
        return day

    def save_for(self, trainee: Trainee) -> ContinuingEducationRecord:
        """Save the record as the trainee's own; evidence replaced or cleared is deleted."""
        replaced = self.initial.get("evidence") if "evidence" in self.changed_data else None
        self.instance.trainee, self.instance.kind = trainee, ContinuingEducationRecord.Kind.EXTERNAL
        self.instance.recorded_by = trainee.user
        record = self.save()
        if replaced:
            delete_on_commit(replaced)
        return record


class JoiningProfileForm(TraineeProfileForm):
    """What enrolment needs of a person joining from an offering: who they are, what the
    offering's eligibility looks at, and their consent; the rest of the profile can wait. A
    person signing up on the same form gives their names once, for the account."""

    class Meta(TraineeProfileForm.Meta):
        fields = [
            "family_name",
            "given_name",
            "professional_level",
            "employer",
            "employer_kind",
            "post",
            "region",
            "phone",
            "consents_to_data_use",
        ]

    def __init__(self, *args: Any, user: User | None, **kwargs: Any) -> None:
        """`user`: the signed-in person, or None for one signing up on the same form."""
        names = {"family_name": user.last_name, "given_name": user.first_name} if user else {}
        super().__init__(*args, instance=Trainee(user=user, **names), **kwargs)
        if user is None:
            del self.fields["family_name"], self.fields["given_name"]

    def save_for(self, person: User) -> Trainee:
        """The profile of `person`, who may have signed up on this form a moment ago."""
        self.instance.user = person
        if "family_name" not in self.fields:
            self.instance.family_name, self.instance.given_name = (
                person.last_name,
                person.first_name,
            )
        return self.save()


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=24,
        help_text=_("As printed on the certificate, for example PX-93Z5-W6N0-ZC65."),
    )

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip().upper()


class InterestForm(forms.Form):
    answer = forms.ChoiceField(choices=[("ask", _("Ask")), ("stop", _("Stop waiting"))])


class InvitationAnswerForm(forms.Form):
    """Accepting an invitation takes the place and the consent it needs; declining, neither."""

    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    consent = forms.BooleanField(label=CONSENT, help_text=CONSENT_HELP, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("answer") == "accept" and not cleaned.get("consent"):
            self.add_error("consent", _("Tick the box to accept: the place needs your agreement."))
        return cleaned


class AttendanceForm(GridForm[Standing]):
    """The attendance sheet: a mark per seated trainee and session (blank: not taken)."""

    prefix = "a"

    def __init__(
        self,
        standings: Sequence[Standing],
        sessions: Sequence[Session],
        marks: dict[tuple[int, int], str],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self.sessions, self.marks = list(sessions), marks
        super().__init__(standings, *args, **kwargs)

    def row_key(self, row: Standing) -> str:
        return str(row.enrolment.pk)

    def row_fields(self, row: Standing) -> dict[str, forms.Field]:
        choices = [("", "—"), *Attendance.Status.choices]
        return {
            str(session.pk): forms.ChoiceField(
                choices=choices,
                required=False,
                label=f"{row.enrolment.trainee} · {session}",
                initial=self.marks.get((session.pk, row.enrolment.pk), ""),
            )
            for session in self.sessions
        }

    def marks_by_session(self) -> dict[Session, dict[int, str]]:
        return {
            session: {
                row.enrolment.pk: self.cell(row, str(session.pk))
                for row in self.rows
                if self.cell_changed(row, str(session.pk))
            }
            for session in self.sessions
        }


class ScoreField(forms.CharField):
    """A score as a person types it (92, 87,5): empty for no grade yet, otherwise 0 to 100."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 6})

    def clean(self, value: Any) -> Decimal | None:
        try:
            return completion.parse_score(super().clean(value))
        except completion.RecordError as error:
            raise ValidationError(str(error)) from error


class GradebookForm(GridForm[Standing]):
    """The gradebook: a score per seated trainee and assessment component."""

    prefix = "g"

    def __init__(
        self,
        standings: Sequence[Standing],
        components: Sequence[tuple[str, str, Any]],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self.components = list(components)
        super().__init__(standings, *args, **kwargs)

    def row_key(self, row: Standing) -> str:
        return str(row.enrolment.pk)

    def row_fields(self, row: Standing) -> dict[str, forms.Field]:
        return {
            component_id: ScoreField(
                required=False,
                label=f"{row.enrolment.trainee} · {name}",
                initial=typed_number(row.scores.get(component_id)),
            )
            for component_id, name, _weight in self.components
        }

    def scores(self) -> dict[tuple[int, str], Decimal | None]:
        """The scores changed: (enrolment id, component id) → score, None to remove it."""
        return {
            (row.enrolment.pk, component_id): self.cell(row, component_id)
            for row in self.rows
            for component_id, _name, _weight in self.components
            if self.cell_changed(row, component_id)
        }
