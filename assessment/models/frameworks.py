"""Indicator frameworks: dimensions of weighted indicators, versioned as snippet revisions.

Each published revision is a version; an evaluation round keeps the revision it was opened with,
so editing the framework never changes a round under way or a report already given.
"""

from typing import Any, Self

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    Revision,
    RevisionMixin,
    Task,
    TaskState,
    TranslatableMixin,
    WorkflowMixin,
)

from assessment import scoring
from assessment.blocks import DimensionBlock, RatingBlock, plain_dimension
from core.models import Institution, Role, User
from core.translatable import kept_as_in_source

EVALUATING_ROLES = (Role.EVALUATOR,)


def one_dimension() -> StreamValue:
    """A new framework's first dimension, blank: it needs one, and the editor would
    otherwise open on the count error."""
    field = IndicatorFramework._meta.get_field("dimensions")
    assert isinstance(field, StreamField)
    return field.stream_block.normalize([("dimension", DimensionBlock().get_default())])


def authorities_of(user: User | AnonymousUser) -> models.QuerySet[Institution]:
    """The supervising authorities where the user is an evaluator."""
    return Institution.objects.with_role(user, EVALUATING_ROLES).exclude(oversight_region=None)


class FrameworkQuerySet(models.QuerySet["IndicatorFramework"]):
    def for_user(self, user: User | AnonymousUser) -> Self:
        """Frameworks an evaluator works with: their authorities' own and the shared ones."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(Q(authority=None) | Q(authority__in=authorities_of(user)))

    def kept_by(self, user: User | AnonymousUser) -> Self:
        """Frameworks the user may change: their authorities' own; shared ones for a
        platform administrator only."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(authority__in=authorities_of(user))


class IndicatorFramework(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    models.Model,
):
    """A framework of weighted indicators. Translated with wagtail-localize: a translation
    names its dimensions, indicators and ratings in its language and keeps their codes, points
    and weights, which scores are computed from."""

    authority = models.ForeignKey(
        Institution,
        verbose_name=_("supervising authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_frameworks",
        limit_choices_to={"oversight_region__isnull": False},
        help_text=_(
            "The authority whose evaluators keep the framework and review its changes. Empty: "
            "a framework every authority may use, kept by the platform administrators."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the framework evaluates, and for whom.")
    )
    dimensions = StreamField(
        [("dimension", DimensionBlock())],
        verbose_name=_("dimensions"),
        block_counts={"dimension": {"min_num": 1}},
        default=one_dimension,
    )
    ratings = StreamField(
        [("rating", RatingBlock())],
        verbose_name=_("rating bands"),
        blank=True,
        help_text=_("The rating a total earns, e.g. Excellent from 90, Good from 75."),
    )
    min_coverage = models.PositiveSmallIntegerField(
        _("minimum coverage for a rating (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The share of the framework's points whose indicators must have data before an "
            "institution gets a total and a rating; below it, its report shows the points it "
            "earned and how much of the framework had data."
        ),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="indicator_framework")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="indicator_framework",
        for_concrete_model=False,
    )

    objects = FrameworkQuerySet.as_manager()
    # A translation is scored like its source: the same authority and minimum coverage.
    override_translatable_fields = kept_as_in_source(
        "authority", "min_coverage", "first_published_at", "go_live_at", "expire_at"
    )

    panels = [
        FieldPanel("authority"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("dimensions"),
        FieldPanel("ratings"),
        FieldPanel("min_coverage"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self) -> "models.Manager[Revision]":
        return self._revisions

    def definition(self) -> scoring.Definition:
        """The framework as plain data: what rounds score with and snapshots keep."""
        return {
            "name": self.name,
            "dimensions": [plain_dimension(block.value) for block in self.dimensions],
            "ratings": [
                {"label": block.value["label"], "minimum": str(block.value["minimum"])}
                for block in self.ratings
            ],
            "min_coverage": str(self.min_coverage),
        }

    def clean(self) -> None:
        super().clean()
        errors = scoring.definition_errors(self.definition())
        if errors:
            raise ValidationError({"dimensions": errors})

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "assessment/framework_preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        context = super().get_preview_context(request, mode_name)
        context["definition"] = self.definition()
        return context


class AuthorityReviewTask(Task):
    """A workflow step that the evaluators of the framework's own authority approve (a
    shared framework: the platform administrators): one workflow serves every authority, and
    no authority reviews, approves or even opens another's changes. An evaluator does not
    approve their own submission: a review takes another pair of eyes."""

    def reviews(self, obj: IndicatorFramework, user: User) -> bool:
        return IndicatorFramework.objects.kept_by(user).filter(pk=obj.pk).exists()

    def approves(self, obj: IndicatorFramework, user: User) -> bool:
        state = obj.current_workflow_state
        submitted_by_user = state is not None and state.requested_by_id == user.pk
        return self.reviews(obj, user) and (user.is_superuser or not submitted_by_user)

    def user_can_access_editor(self, obj: IndicatorFramework, user: User) -> bool:
        return self.reviews(obj, user)

    def locked_for_user(self, obj: IndicatorFramework, user: User) -> bool:
        return not self.reviews(obj, user)

    def get_actions(
        self, obj: IndicatorFramework, user: User
    ) -> list[tuple[str, StrOrPromise, bool]]:
        if not self.approves(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(
        self, user: User, **kwargs: Any
    ) -> models.QuerySet[TaskState]:
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_active and user.is_superuser:
            return states
        kept = IndicatorFramework.objects.kept_by(user).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in kept]).exclude(
            workflow_state__requested_by=user
        )

    @classmethod
    def get_description(cls) -> StrOrPromise:
        return _("The evaluators of the framework's supervising authority approve it")

    class Meta:
        verbose_name = _("review by the authority's evaluators")
        verbose_name_plural = _("reviews by the authority's evaluators")
