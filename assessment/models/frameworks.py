"""Indicator frameworks: dimensions of weighted indicators, versioned as snippet revisions.

Each published revision is a version; an evaluation round keeps the revision it was opened with,
so editing the framework never changes a round under way or a report already given.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from assessment import scoring
from assessment.blocks import DimensionBlock, RatingBlock, plain_dimension


class IndicatorFramework(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the framework evaluates, and for whom.")
    )
    dimensions = StreamField(
        [("dimension", DimensionBlock())],
        verbose_name=_("dimensions"),
        block_counts={"dimension": {"min_num": 1}},
    )
    ratings = StreamField(
        [("rating", RatingBlock())],
        verbose_name=_("rating bands"),
        blank=True,
        help_text=_("The rating a total earns, e.g. Excellent from 90, Good from 75."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="indicator_framework")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="indicator_framework",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("dimensions"),
        FieldPanel("ratings"),
    ]

    class Meta:
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def definition(self):
        """The framework as plain data: what rounds score with and snapshots keep."""
        return {
            "name": self.name,
            "dimensions": [plain_dimension(block.value) for block in self.dimensions],
            "ratings": [
                {"label": block.value["label"], "minimum": str(block.value["minimum"])}
                for block in self.ratings
            ],
        }

    def clean(self):
        super().clean()
        errors = scoring.definition_errors(self.definition())
        if errors:
            raise ValidationError({"dimensions": errors})

    def get_preview_template(self, request, mode_name):
        return "assessment/framework_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["definition"] = self.definition()
        return context
