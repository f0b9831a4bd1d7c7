"""Course evaluations (Kirkpatrick level 1): questionnaires, and anonymous answers to them.

An answer is kept apart from the record that its trainee answered: `SurveyResponse` has no
trainee, no time and a random key, and `SurveyReceipt` only says that an enrolment answered, so
nobody can tell which answers are whose, not even with the database.
"""

import uuid
from collections.abc import Iterable
from typing import Self

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from core import translations
from core.blocks import MinimumOnSaveStreamBlock
from core.models import Institution, Role, User
from core.translatable import kept_as_in_source

LIKERT_SCALE = range(1, 6)


class RatingQuestionBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(
        label=_("Statement"),
        max_length=300,
        help_text=_("Trainees rate it from 1 (strongly disagree) to 5 (strongly agree)."),
    )

    class Meta:
        icon = "pick"
        label = _("Rating (1 to 5)")


class CommentQuestionBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(label=_("Question"), max_length=300)

    class Meta:
        icon = "comment"
        label = _("Free text")


class QuestionsBlock(MinimumOnSaveStreamBlock):
    """At least one rating, asked for when the questionnaire is saved, not as it opens."""

    rating = RatingQuestionBlock()
    comment = CommentQuestionBlock()

    class Meta:
        block_counts = {"rating": {"min_num": 1}}


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def usable_by(self, institutions: Iterable[Institution]) -> Self:
        """The institutions' own questionnaires and the shared ones."""
        return self.filter(Q(institution__in=institutions) | Q(institution=None))

    def for_user(self, user: User | AnonymousUser) -> Self:
        return self.usable_by(Institution.objects.with_role(user, Questionnaire.institution_roles))

    def originals(self) -> Self:
        return translations.originals(self)


# modelcluster has no types, so mypy sees no manager on CourseOffering, a ClusterableModel.
class Questionnaire(TranslatableMixin, models.Model):  # type: ignore[django-manager-missing]
    """A course evaluation template; offerings choose one for their trainees to answer.
    Translated with wagtail-localize: a translation keeps the questions' ids, so answers given
    in any language count together."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
        help_text=_("Leave empty to share it with every institution."),
    )
    name = models.CharField(_("name"), max_length=200)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions, e.g. how the answers will be used."),
    )
    questions = StreamField(QuestionsBlock(), verbose_name=_("questions"))

    objects = QuestionnaireQuerySet.as_manager()
    override_translatable_fields = kept_as_in_source("institution")
    institution_roles = (Role.INSTITUTION_ADMIN,)

    panels = [
        FieldPanel("institution"),
        FieldPanel("name"),
        FieldPanel("introduction"),
        FieldPanel("questions"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("course evaluation questionnaire")
        verbose_name_plural = _("course evaluation questionnaires")
        db_table = "assessment_questionnaire"  # moved from assessment with its table
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def rating_questions(self) -> list[tuple[str, str]]:
        return [(q.id, q.value["prompt"]) for q in self.questions if q.block_type == "rating"]

    def comment_questions(self) -> list[tuple[str, str]]:
        return [(q.id, q.value["prompt"]) for q in self.questions if q.block_type == "comment"]


class SurveyReceipt(models.Model):
    """That an enrolment answered its offering's evaluation: once, and nothing more."""

    enrolment = models.OneToOneField(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="survey_receipt"
    )

    class Meta:
        verbose_name = _("course evaluation receipt")
        verbose_name_plural = _("course evaluation receipts")
        db_table = "assessment_surveyreceipt"

    def __str__(self) -> str:
        return str(self.enrolment_id)


class SurveyResponse(models.Model):
    """One anonymous set of answers: {question id: 1 to 5, or text}."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offering = models.ForeignKey(
        "courses.CourseOffering", on_delete=models.CASCADE, related_name="survey_responses"
    )
    answers = models.JSONField(default=dict)
    satisfaction = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        help_text="The mean of the rating answers, kept so that figures average it in SQL.",
    )

    class Meta:
        verbose_name = _("course evaluation answer")
        verbose_name_plural = _("course evaluation answers")
        db_table = "assessment_surveyresponse"

    def __str__(self) -> str:
        return str(self.pk)
