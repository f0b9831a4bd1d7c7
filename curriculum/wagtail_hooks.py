from django.http import Http404, HttpRequest
from wagtail import hooks
from wagtail.documents import get_permission_policy
from wagtail.snippets.models import register_snippet

from core.models import PraxisDocument
from curriculum.models import TeachingMaterial
from curriculum.viewsets import CurriculumGroup

register_snippet(CurriculumGroup)


@hooks.register("before_serve_document")
def teaching_materials_only_for_their_collection_staff(
    document: PraxisDocument, request: HttpRequest
) -> None:
    """A teaching material's file is for the enrolled: Wagtail's own document URL serves it
    only to staff who work with its collection, and a trainee opens it through their
    offering, which checks the enrolment. Other documents keep their collection's privacy."""
    if TeachingMaterial.objects.filter(document=document).exists() and not (
        get_permission_policy().user_has_any_permission_for_instance(
            request.user, ["change", "choose"], document
        )
    ):
        raise Http404
