from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from core.storage import private_storage
from core.uploads import check_upload


class PraxisImage(AbstractImage):
    """Images live in their institution's collection, so collection permissions scope them."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class PraxisRendition(AbstractRendition):
    image = models.ForeignKey(PraxisImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class PraxisDocument(AbstractDocument):
    """Documents live in their institution's collection; WAGTAILDOCS_EXTENSIONS limits the
    types, and a new file must contain what its name says. Files are private: only Wagtail's
    serve view, which enforces the collection's privacy, and Praxis's scoped views serve them."""

    file = models.FileField(upload_to="documents", verbose_name=_("file"), storage=private_storage)

    admin_form_fields = Document.admin_form_fields

    def clean(self) -> None:
        super().clean()
        # A file uploaded now, not the stored one (the stubs leave out FieldFile's _committed).
        if self.file and not self.file._committed:  # type: ignore[attr-defined]
            try:
                check_upload(
                    self.file, settings.WAGTAILDOCS_EXTENSIONS, settings.DOCUMENT_MAX_UPLOAD_MB
                )
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
