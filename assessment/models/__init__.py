from assessment.models.frameworks import AuthorityReviewTask, IndicatorFramework
from assessment.models.rounds import EvaluationRound, IndicatorValue, RoundSnapshot

__all__ = [
    "AuthorityReviewTask",
    "EvaluationRound",
    "IndicatorFramework",
    "IndicatorValue",
    "RoundSnapshot",
]
