"""The editor's own API (`/admin/api/main/…`, behind its choosers and explorer), keeping to what
the user may see: Wagtail lists every image and document outside restricted collections, here
only those of the user's collections. Its pages endpoint already lists only the pages the user
may explore."""

from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from core.visibility import visible_instances

if TYPE_CHECKING:  # the viewsets the mixin goes before
    from wagtail.api.v2.views import BaseAPIViewSet as _ViewSet
else:
    _ViewSet = object


class VisibleOnlyMixin(_ViewSet):
    def get_queryset(self) -> QuerySet[Model]:
        visible = visible_instances(self.request.user, self.model)
        return super().get_queryset().filter(pk__in=visible.values("pk"))


class ScopedDocumentsAdminAPIViewSet(VisibleOnlyMixin, DocumentsAdminAPIViewSet):
    pass


class ScopedImagesAdminAPIViewSet(VisibleOnlyMixin, ImagesAdminAPIViewSet):
    pass


def construct(router: WagtailAPIRouter) -> None:
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
