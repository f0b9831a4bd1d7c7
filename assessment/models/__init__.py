from assessment.models.frameworks import AuthorityReviewTask, IndicatorFramework
from assessment.models.grades import Grade, GradeQuerySet
from assessment.models.rounds import EvaluationRound, IndicatorValue, RoundSnapshot
from assessment.models.surveys import Questionnaire, SurveyReceipt, SurveyResponse

__all__ = [
    "AuthorityReviewTask",
    "EvaluationRound",
    "Grade",
    "GradeQuerySet",
    "IndicatorFramework",
    "IndicatorValue",
    "Questionnaire",
    "RoundSnapshot",
    "SurveyReceipt",
    "SurveyResponse",
]
