"""What each role may do with the quality review's models (core.permissions.grant)."""

from core.models import Role
from core.permissions import crud, grant, grant_none

# Supervising authorities: frameworks (edited, then published by the authority's review
# workflow, never directly) and evaluation rounds.
grant(
    [Role.EVALUATOR],
    [
        *crud("assessment.IndicatorFramework", ("add", "change", "view", "lock", "unlock")),
        *crud("assessment.EvaluationRound", ("add", "change", "view")),
    ],
)
grant_none(
    ["assessment.AuthorityReviewTask"],
    "A workflow step: the platform administrators set up workflows in Wagtail's settings.",
)
grant_none(
    ["assessment.IndicatorValue", "assessment.RoundSnapshot"],
    "A round's values and snapshots, written through the round's screens: never edited on "
    "their own.",
)
