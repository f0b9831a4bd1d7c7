"""Admin screens for the curriculum's reference data, teaching materials and course policies."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, LocaleColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.permissions import InstitutionOwnedForm
from core.viewsets import ScopedChooserViewSet, ScopedSnippetViewSet
from curriculum.models import (
    Competency,
    CompetencyFramework,
    EmployerKind,
    InstitutionPolicy,
    ProfessionalLevel,
    ServiceField,
    ServiceMethod,
    TeachingMaterial,
    TrainingTier,
)


class ReferenceTermViewSet(SnippetViewSet):
    list_display = ["name", "code", "sort_order"]
    list_export = ["code", "name_es", "name_zh_hans", "name_en", "sort_order"]
    search_fields = ["code", "name_es", "name_zh_hans", "name_en"]
    search_backend_name = None
    copy_view_enabled = False


class InstitutionOwnedViewSet(ScopedSnippetViewSet):
    """Records an institution owns: another institution's are not listed, chosen or found."""

    chooser_viewset_class = ScopedChooserViewSet
    copy_view_enabled = False
    search_backend_name = None

    def get_edit_handler(self) -> ObjectList:
        panels = ObjectList(self.model.panels, base_form_class=InstitutionOwnedForm)
        return panels.bind_to_model(self.model)


class ServiceFieldViewSet(ReferenceTermViewSet):
    model = ServiceField
    icon = "tag"
    menu_label = _("Fields of service")


class TrainingTierViewSet(ReferenceTermViewSet):
    model = TrainingTier
    icon = "list-ol"
    menu_label = _("Training tiers")


class ProfessionalLevelViewSet(ReferenceTermViewSet):
    model = ProfessionalLevel
    icon = "pick"
    menu_label = _("Professional levels")


class EmployerKindViewSet(ReferenceTermViewSet):
    model = EmployerKind
    icon = "site"
    menu_label = _("Kinds of employer")


class ServiceMethodViewSet(ReferenceTermViewSet):
    model = ServiceMethod
    icon = "cogs"
    menu_label = _("Service methods")


class CompetencyFrameworkViewSet(SnippetViewSet):
    model = CompetencyFramework
    icon = "table"
    menu_label = _("Competency frameworks")
    list_display = ["title", "code", "source"]
    search_fields = ["title", "code", "source"]
    search_backend_name = None


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "success"
    menu_label = _("Competencies")
    list_display = ["code", "title", "framework", "parent"]
    list_filter = ["framework"]
    list_export = ["framework", "code", "title", "parent", "description", "behaviours"]
    search_fields = ["code", "title", "description"]
    search_backend_name = None


class TeachingMaterialViewSet(InstitutionOwnedViewSet):
    model = TeachingMaterial
    icon = "doc-full"
    menu_label = _("Teaching materials")
    list_display = [
        "title",
        Column("kind", label=_("Type"), accessor="get_kind_display"),
        "institution",
        Column("language", label=_("File's language"), accessor="get_language_display"),
        LocaleColumn(label=_("Language")),
    ]
    list_filter = ["kind", "language", "institution", "service_fields", "tier"]
    list_export = ["title", "kind", "institution", "language", "licence", "link", "description"]
    search_fields = ["title", "description"]


class InstitutionPolicyViewSet(InstitutionOwnedViewSet):
    model = InstitutionPolicy
    icon = "lock"
    menu_label = _("Course policies")
    list_display = [Column("kind", label=_("Section"), accessor="get_kind_display"), "institution"]
    list_filter = ["kind", "institution"]
    search_fields = ["body"]


class CurriculumGroup(SnippetViewSetGroup):
    menu_label = _("Curriculum")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (
        TeachingMaterialViewSet,
        InstitutionPolicyViewSet,
        ServiceFieldViewSet,
        TrainingTierViewSet,
        ProfessionalLevelViewSet,
        ServiceMethodViewSet,
        EmployerKindViewSet,
        CompetencyFrameworkViewSet,
        CompetencyViewSet,
    )
