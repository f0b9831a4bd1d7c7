"""Answering a course evaluation, and what instructors may see of the answers.

Answers are shown only as aggregates, and only once enough trainees answered that no single
answer can be picked out (`MIN_ANSWERS`).
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import (
    CourseOffering,
    Enrolment,
    Questionnaire,
    SurveyReceipt,
    SurveyResponse,
)
from courses.models.surveys import LIKERT_SCALE

SCALE_LABELS = [
    (1, gettext_lazy("Strongly disagree")),
    (2, gettext_lazy("Disagree")),
    (3, gettext_lazy("Neither agree nor disagree")),
    (4, gettext_lazy("Agree")),
    (5, gettext_lazy("Strongly agree")),
]
MIN_ANSWERS = 5
MAX_COMMENT = 2000
ANSWERING = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.FAILED)
ASKING = (CourseOffering.Status.RUNNING, CourseOffering.Status.FINISHED)


class SurveyError(ValueError):
    """Answers that cannot be taken, with what to do; nothing is saved."""


def state(enrolment: Enrolment) -> str:
    """ "answer" while the trainee may answer, "answered" once they did, or "" (not asked)."""
    offering = enrolment.offering
    if offering.questionnaire_id is None:
        return ""
    if SurveyReceipt.objects.filter(enrolment=enrolment).exists():
        return "answered"
    if offering.status in ASKING and enrolment.status in ANSWERING:
        return "answer"
    return ""


def can_answer(enrolment: Enrolment) -> bool:
    return state(enrolment) == "answer"


def clean_answers(questionnaire: Questionnaire, raw: Mapping[str, object]) -> dict[str, int | str]:
    """{question id: 1 to 5, or text} from what the trainee sent; every rating must be answered."""
    answers: dict[str, int | str] = {}
    for question_id, prompt in questionnaire.rating_questions():
        text = str(raw.get(question_id, "")).strip()
        if text not in {str(point) for point in LIKERT_SCALE}:
            raise SurveyError(
                _("Rate “%(question)s” from 1 to 5 before you send your answers.")
                % {"question": prompt}
            )
        answers[question_id] = int(text)
    for question_id, _prompt in questionnaire.comment_questions():
        text = str(raw.get(question_id, "")).strip()
        if len(text) > MAX_COMMENT:
            raise SurveyError(
                _("Keep each comment under %(limit)s characters; this one has %(length)s.")
                % {"limit": MAX_COMMENT, "length": len(text)}
            )
        if text:
            answers[question_id] = text
    return answers


def submit_answers(enrolment: Enrolment, raw: Mapping[str, object]) -> None:
    """Take a trainee's answers once; the answers keep no trace of who gave them."""
    offering = enrolment.offering
    if offering.questionnaire_id is None:
        raise SurveyError(_("This offering has no course evaluation."))
    if offering.status not in ASKING or enrolment.status not in ANSWERING:
        raise SurveyError(_("The course evaluation opens to enrolled trainees once it starts."))
    assert offering.questionnaire is not None  # questionnaire_id is not None
    questionnaire = offering.questionnaire.localized  # what the trainee read; the same ids
    answers = clean_answers(questionnaire, raw)
    ratings = [cast(int, answers[pk]) for pk, _prompt in questionnaire.rating_questions()]
    try:
        with transaction.atomic():
            SurveyReceipt.objects.create(enrolment=enrolment)
            SurveyResponse.objects.create(
                offering=offering,
                answers=answers,
                satisfaction=(Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01")),
            )
    except IntegrityError:
        raise SurveyError(
            _("You have already answered this course evaluation; answers are taken once.")
        ) from None


@dataclass
class RatingSummary:
    prompt: str
    answers: int
    mean: Decimal
    counts: list[int]  # answers per point of the scale, 1 to 5

    @property
    def bars(self) -> list[tuple[int, int, float]]:
        """(point, count, share from 0 to 100) for the chart."""
        return [
            (point, count, count * 100 / self.answers if self.answers else 0)
            for point, count in zip(LIKERT_SCALE, self.counts, strict=True)
        ]


@dataclass
class SurveySummary:
    asked: int
    answered: int
    ratings: list[RatingSummary]
    comments: list[tuple[str, list[str]]]  # (prompt, the answers sorted)

    @property
    def response_rate(self) -> float | None:
        return self.answered * 100 / self.asked if self.asked else None

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_ANSWERS

    @property
    def still_needed(self) -> int:
        return max(MIN_ANSWERS - self.answered, 0)


def summary(offering: CourseOffering) -> SurveySummary:
    """The response rate and, once enough answered, the aggregates, in three queries."""
    asked = offering.enrolments.filter(status__in=ANSWERING).count()
    responses = list(
        SurveyResponse.objects.filter(offering=offering).values_list("answers", flat=True)
    )
    result = SurveySummary(asked, len(responses), [], [])
    if not result.shown or offering.questionnaire_id is None:
        return result
    assert offering.questionnaire is not None  # questionnaire_id is not None
    questionnaire = offering.questionnaire.localized  # the questions in the reader's language
    for question_id, prompt in questionnaire.rating_questions():
        points = Counter(a[question_id] for a in responses if question_id in a)
        given = sum(points.values())
        mean = Decimal(sum(p * n for p, n in points.items())) / given if given else Decimal(0)
        result.ratings.append(
            RatingSummary(
                prompt, given, mean.quantize(Decimal("0.01")), [points[p] for p in LIKERT_SCALE]
            )
        )
    for question_id, prompt in questionnaire.comment_questions():
        # Sorted, so that their order says nothing about who wrote which.
        texts = sorted(a[question_id] for a in responses if question_id in a)
        result.comments.append((prompt, texts))
    return result
