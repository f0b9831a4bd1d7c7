"""Admin screens for institutions, regions and memberships."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.forms import MembershipForm
from core.models import Institution, Membership, Region
from core.permissions import scope_viewset
from core.services import provision_institution


@scope_viewset
class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view is limited to the records in the user's scope."""

    copy_view_enabled = False
    search_backend_name = None


class InstitutionCreateView(generic.CreateView):
    """Creating an institution also provisions its pages, media, groups and workflow."""

    @transaction.atomic
    def save_instance(self):
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
        BooleanColumn("active", label=_("Active")),
    ]
    list_filter = ["kind", "active", "region"]
    list_export = ["name", "slug", "kind", "region", "address", "contact_email", "active"]
    export_filename = "institutions"
    search_fields = ["name", "slug", "address"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
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
    search_fields = ["name", "code"]
    panels = [FieldPanel("name"), FieldPanel("level"), FieldPanel("parent"), FieldPanel("code")]


class PeopleAndPlacesGroup(ViewSetGroup):
    menu_label = _("Institutions")
    menu_icon = "group"
    menu_order = 200
    items = (
        InstitutionViewSet("institutions"),
        MembershipViewSet("memberships"),
        RegionViewSet("regions"),
    )
