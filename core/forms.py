"""Forms at the boundary: sign-up and password reset on the site, membership and spreadsheet
uploads in the admin."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.models import Institution, Membership, Role, User
from core.models.tenancy import grantable_roles
from core.models.users import PraxisUserManager
from core.permissions import ScopedAdminModelForm, offer_institutions
from core.services import add_member, remember_language
from core.spreadsheets import ENCODINGS
from core.tasks import send_account_email


class SignUpForm(auth_forms.BaseUserCreationForm[User]):
    """A trainee's account on the learning site. Trainees never get Wagtail admin access."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.fields["email"].help_text = _("You will sign in with this address.")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def save(self, commit: bool = True) -> User:
        """The account, remembering the language the person signed up in for later e-mails."""
        user = super().save(commit=commit)
        if commit:
            remember_language(user)
        return user

    def clean_email(self) -> str:
        email = PraxisUserManager.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Sign in, or reset your"
                    " password if you have forgotten it."
                ),
                code="duplicate_email",
            )
        return email


def reading_order(label: object) -> str:
    """A key that sorts labels as a reader expects: by letter, whatever the accent or case
    (Chinese labels sort by character)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", str(label)) if not unicodedata.combining(c)
    ).casefold()


def sort_choices(field: forms.ModelChoiceField[Any]) -> None:
    """Offer a select's choices in the reader's order (by the label they read, in their
    language), the empty choice first; the field still validates against its queryset."""
    choices: list[tuple[Any, Any]] = list(field.widget.choices)
    empty = [choice for choice in choices if choice[0] == ""]
    field.choices = empty + sorted(
        (choice for choice in choices if choice[0] != ""), key=lambda c: reading_order(c[1])
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the e-mail sent by the task worker instead of the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        user = context["user"]
        link = {key: context[key] for key in ("protocol", "domain", "uid", "token", "next")}
        send_account_email.enqueue(
            user.pk, "account/email/password_reset", link, translation.get_language()
        )


class EraseMyAccountForm(forms.Form):
    """The person's own erasure of their account: their password, and a tick that they mean
    it, since nothing brings the account back."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data cannot be brought back.")
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


class MembershipForm(ScopedAdminModelForm):
    """Adds a person to an institution by e-mail, so no one browses other people's accounts,
    in a role the user may grant there (core.models.tenancy.grantable_roles)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("A person without an account receives an invitation to choose a password."),
    )

    instance: Membership

    class Meta:
        model = Membership
        fields = ["institution", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = Institution.objects.administered_by(self.for_user)
        offer_institutions(self.fields["institution"], institutions)
        offered = {role for i in institutions for role in grantable_roles(self.for_user, i)}
        self.fields["role"].choices = [("", "---------")] + [
            (role.value, role.label) for role in Role if role in offered
        ]
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
            self.fields["email"].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        institution, role = cleaned.get("institution"), cleaned.get("role")
        email = cleaned.get("email")
        if institution and role and role not in grantable_roles(self.for_user, institution):
            self.add_error(
                "role",
                _("At %(institution)s you may grant: %(roles)s.")
                % {
                    "institution": institution,
                    "roles": ", ".join(
                        str(r.label) for r in grantable_roles(self.for_user, institution)
                    ),
                },
            )
        elif institution and role and email:
            duplicate = Membership.objects.filter(
                institution=institution, role=role, user__email__iexact=email
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                raise forms.ValidationError(
                    _("This person already has this role at this institution.")
                )
        return cleaned

    def save(self, commit: bool = True) -> Membership:
        if self.instance.pk:
            return super().save(commit=commit)
        data = self.cleaned_data
        self.instance = add_member(data["institution"], data["email"], data["role"])
        return self.instance


class FilesChosenAgainMixin:
    """A browser empties a file input when its form comes back with an error, so a file
    chosen on a form that failed elsewhere is marked: choose it again. Goes before the form
    class."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]  # the form's, after this mixin
        form = cast(forms.BaseForm, self)
        if not form.is_bound or not form.errors:
            return
        for name, field in form.fields.items():
            chosen = form.files.get(form.add_prefix(name))
            if isinstance(field, forms.FileField) and chosen and name not in form.errors:
                form.add_error(
                    name,
                    _("Choose the file again: it is not kept while the form has an error."),
                )


class UploadForm(FilesChosenAgainMixin, forms.Form):
    """The file of a spreadsheet import; the screen lists the columns it expects."""

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("XLSX, or CSV in UTF-8 or in the encoding chosen below."),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=[("", _("Recognise it")), *ENCODINGS.items()],
        required=False,
        help_text=_(
            "Praxis recognises UTF-8, Chinese, Japanese and Western European text; choose the "
            "encoding if the preview shows garbled names."
        ),
    )


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for a file in private storage, which has no URL of its own: the current
    file is shown by its name, linked to `url`, the view that serves it to those allowed."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, url: str = "") -> None:
        super().__init__(attrs)
        self.url = url

    def is_initial(self, value: File[Any] | str | None) -> bool:
        return bool(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = LinkedFile(value.name.rsplit("/", 1)[-1], self.url)
        return context


@dataclass(frozen=True)
class LinkedFile:
    """What PrivateFileInput shows of the current file: its name and where to download it."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name


class WholeImageField(WagtailImageField):
    """Wagtail's image field, which also refuses a file whose picture is damaged or cut short
    (Pillow's verify reads it to the end, whatever WeasyPrint's global tolerance of truncated
    images), with the form's message instead of a server error."""

    def to_python(self, data: File[Any] | None) -> File[Any] | None:
        try:
            image = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # Pillow raises many kinds for a damaged file
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from (
                error
            )
        if image is not None and image.image.format_name != "svg":
            try:
                image.seek(0)
                with PILImage.open(image) as picture:
                    picture.verify()
            except Exception as error:
                raise ValidationError(
                    _("The image is damaged or incomplete. Open it, save it again and upload it."),
                    code="invalid_image",
                ) from error
            finally:
                image.seek(0)
        return image


class PraxisImageForm(BaseImageForm):
    """The editor's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's, with WholeImageField."""

    file = WholeImageField(
        label=_("File"), widget=BaseImageForm._meta.widgets["file"], required=False
    )
