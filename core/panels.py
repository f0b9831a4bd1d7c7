"""Wagtail's group panels, whose `permission` also keeps their fields out of the form.

Wagtail hides a group panel from a user without its permission but leaves the fields in the
form, so a crafted POST still changes them. These panels give each field inside them the
group's permission (Wagtail's `field_permissions`), and a form built for a user without it has
no such field at all. semgrep's `group-panel-permission` rule keeps Wagtail's own out of use
when a permission is given.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin import panels

from core.languages import translation_fields

if TYPE_CHECKING:  # the panels the mixin goes before
    from wagtail.admin.panels import Panel as _Panel
else:
    _Panel = object


class FieldPermissionsMixin(_Panel):
    def get_form_options(self) -> dict[str, Any]:
        options = super().get_form_options()
        if not self.permission:
            return options
        if options.get("formsets"):
            raise ImproperlyConfigured(
                f"{type(self).__name__}(permission=…) cannot hold inline panels "
                f"({', '.join(options['formsets'])}): forms cannot leave out a formset."
            )
        permissions = options.setdefault("field_permissions", {})
        for name in options.get("fields", ()):
            inner = permissions.setdefault(name, self.permission)
            if inner != self.permission:
                raise ImproperlyConfigured(
                    f"The field {name!r} has the permission {inner!r} inside a panel with "
                    f"{self.permission!r}; a form field takes one: give it to one of them."
                )
        return options


class MultiFieldPanel(FieldPermissionsMixin, panels.MultiFieldPanel):
    pass


class FieldRowPanel(FieldPermissionsMixin, panels.FieldRowPanel):
    pass


class ObjectList(FieldPermissionsMixin, panels.ObjectList):
    pass


class TabbedInterface(FieldPermissionsMixin, panels.TabbedInterface):
    pass


class InlinePanel(panels.InlinePanel):
    """Wagtail's InlinePanel with a formset class of one's own, for inline forms whose rows or
    choices depend on the user (core.permissions.ScopedAdminModelForm tells them who it is)."""

    def __init__(
        self, *args: Any, formset: type[BaseChildFormSet] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.formset = formset

    def clone_kwargs(self) -> dict[str, Any]:
        return super().clone_kwargs() | {"formset": self.formset}

    def get_form_options(self) -> dict[str, Any]:
        options = super().get_form_options()
        if self.formset is not None:
            options["formsets"][self.relation_name]["formset"] = self.formset
        return options


def in_each_language(field: str) -> panels.FieldRowPanel:
    """A field's translations side by side (`<field>_es`, `_zh_hans`, `_en`; see
    `core.languages`), with one line of help for the row rather than one per input."""
    return panels.FieldRowPanel(
        [panels.FieldPanel(name) for name in translation_fields(field)],
        help_text=_(
            "How readers of each language see it: leave a language empty to show them the text "
            "above, as written."
        ),
    )
