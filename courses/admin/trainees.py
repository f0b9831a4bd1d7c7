"""Trainees in the editor: identity numbers masked, and the erasure an institution may ask."""

from typing import Any

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column

from core.models import Institution
from core.permissions import ScopedAdminModelForm
from core.viewsets import ErasureInspectView, ScopedModelViewSet
from courses.forms import TraineeProfileForm
from courses.models import (
    Trainee,
)
from courses.models.offerings import MANAGING_ROLES


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institutions = Institution.objects.with_role(self.for_user, MANAGING_ROLES)
        if not self.instance.id_number_shown_to(self.institutions):
            del self.fields["id_number"]

    def save(self, commit: bool = True) -> Trainee:
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
