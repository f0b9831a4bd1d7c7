"""A trainee's data in placements: placements, applications, hours, objectives and
evaluations. Hours and statuses stay once erased (placement-hours completion is computed from
them); what the trainee and their mentors wrote about them goes."""

from core.privacy import ACTOR_REASON, ERASED, archive, exempt, holds
from placements.models import (
    ConflictOfInterest,
    EvaluationRating,
    HoursEntry,
    LearningObjective,
    Placement,
    PlacementApplication,
    PlacementEvaluation,
    PlacementPreference,
    SupervisionSession,
    SupervisorLink,
)

PLACEMENT = "placement__trainee__user"
APPLICATION = "application__trainee__user"

holds(Placement, person="trainee__user", erased={"status_note": ""})
holds(PlacementApplication, person="trainee__user", erased={})
holds(PlacementPreference, person=APPLICATION, erased={})
holds(ConflictOfInterest, person=APPLICATION, erased={"reason": ERASED})
holds(HoursEntry, person=PLACEMENT, erased={"activities": ERASED, "return_reason": ""})
holds(LearningObjective, person=PLACEMENT, erased={"text": ERASED})
holds(PlacementEvaluation, person=PLACEMENT, erased={"comments": ERASED, "self_evaluation": ""})
holds(EvaluationRating, person="evaluation__" + PLACEMENT, erased={"comment": ""})
holds(SupervisorLink, person=PLACEMENT, erased={})
holds(SupervisionSession, person="supervisor__user", erased={"topics": ERASED})
exempt("placements.AllocationRun", ACTOR_REASON)
archive(Placement)
