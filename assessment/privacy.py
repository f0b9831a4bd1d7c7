"""A trainee's data in assessment: grades and the receipt that they answered a course
evaluation (the answers themselves name no one). Evaluators' actions are exempt."""

from assessment.models import Grade, SurveyReceipt
from core.privacy import ACTOR_REASON, exempt, holds

AT_ENROLMENT = "enrolment__offering__institution"
holds(Grade, person="enrolment__trainee__user", erased={}, institution=AT_ENROLMENT)
holds(SurveyReceipt, person="enrolment__trainee__user", erased={}, institution=AT_ENROLMENT)
exempt(
    [
        "assessment.IndicatorFramework",
        "assessment.EvaluationRound",
        "assessment.IndicatorValue",
        "assessment.RoundSnapshot",
    ],
    ACTOR_REASON,
)
