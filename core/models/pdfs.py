from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

# How long one renderer may hold a PDF before others assume it crashed and take over.
RENDER_LEASE = timedelta(minutes=5)


class RenderedPdf(models.Model):
    """A PDF rendered once and kept in storage, e.g. one published revision of a syllabus.

    The row is the commit marker: its file is set only after the whole file is in storage, so a
    crash mid-render leaves no half file to serve. A renderer claims the row with a lease; others
    wait for it instead of rendering the same PDF again.
    """

    class Stage(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        PREPARING = "preparing", _("Gathering the content")
        LAYING_OUT = "laying-out", _("Laying out the pages")
        WRITING = "writing", _("Writing the file")
        READY = "ready", _("Ready")
        FAILED = "failed", _("It failed: reload this page to try again")

    key = models.CharField(max_length=200, unique=True)
    # Every revision and language of one document shares a scope; a new one replaces the rest.
    scope = models.CharField(max_length=150, db_index=True)
    # The page the PDF prints, if any: publishing, moving or restricting it discards the PDF.
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Host and path where anyone may download it, so that later requests skip page routing;
    # empty while the page (or an ancestor) has view restrictions.
    public_path = models.CharField(max_length=255, blank=True, db_index=True)
    filename = models.CharField(max_length=120, blank=True)
    # Certificates and reports hold personal data: served only through views that check access.
    file = models.FileField(max_length=255, blank=True, storage=private_storage)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.QUEUED)
    claimed_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendered PDF")
        verbose_name_plural = _("rendered PDFs")

    def __str__(self) -> str:
        return self.key

    @classmethod
    def public_at(cls, address: str) -> RenderedPdf | None:
        """The PDF anyone may download at this host and path, or None.

        Every later download of a public PDF runs this, so it is one small hand-written query:
        building it with the ORM took longer than the rest of the request.
        """
        sql = (
            'SELECT "id", "key", "file", "filename" FROM "core_renderedpdf" '
            """WHERE "public_path" = %s AND "file" <> '' ORDER BY "id" DESC LIMIT 1"""
        )
        return next(iter(cls.objects.raw(sql, [address])), None)

    @property
    def ready(self) -> bool:
        return bool(self.file)

    def claim(self) -> bool:
        """Take the render for this process, unless another holds an unexpired lease."""
        now = timezone.now()
        claimed = (
            RenderedPdf.objects.filter(pk=self.pk, file="")
            .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
            .update(claimed_until=now + RENDER_LEASE, stage=self.Stage.PREPARING, error="")
        )
        return claimed == 1

    def set_stage(self, stage: str) -> None:
        self.stage = stage
        RenderedPdf.objects.filter(pk=self.pk).update(stage=stage)

    @property
    def progress(self) -> int:
        """A share from 0 to 100 for a progress bar, by the stage reached."""
        if self.stage == self.Stage.FAILED:
            return 0
        return 25 * list(self.Stage.values).index(self.stage)
