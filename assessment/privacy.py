"""The quality review holds no trainee's data: evaluators' actions are exempt."""

from core.privacy import ACTOR_REASON, exempt

exempt(
    [
        "assessment.IndicatorFramework",
        "assessment.EvaluationRound",
        "assessment.IndicatorValue",
        "assessment.RoundSnapshot",
    ],
    ACTOR_REASON,
)
