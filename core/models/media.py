from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image


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
    """Documents live in their institution's collection; WAGTAILDOCS_EXTENSIONS limits the types."""

    admin_form_fields = Document.admin_form_fields

    def clean(self):
        super().clean()
        limit = settings.DOCUMENT_MAX_UPLOAD_MB
        if self.file and self.file.size > limit * 1024 * 1024:
            raise ValidationError(
                {
                    "file": _(
                        "This file is %(size).1f MB; the limit is %(limit)s MB. "
                        "Compress it, split it, or link to it instead."
                    )
                    % {"size": self.file.size / 1024 / 1024, "limit": limit}
                }
            )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
