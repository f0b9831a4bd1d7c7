"""The learning site's curriculum views: open teaching materials."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from core.storage import file_response
from curriculum.models import TeachingMaterial


def open_material(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file of a material under an open licence, for anyone: its collection stays private
    to the institution's staff, and only this view, for this material, serves it."""
    material: TeachingMaterial = get_object_or_404(
        TeachingMaterial.objects.open_licence().exclude(document=None).select_related("document"),
        pk=pk,
    )
    document = material.document
    assert document is not None  # materials without a document are excluded above
    return file_response(document.file, document.filename, public=True)
