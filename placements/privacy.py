"""A trainee's data in placements: placements, applications, hours, objectives and
evaluations. Hours and statuses stay once erased (placement-hours completion is computed from
them); what the trainee and their mentors wrote about them goes."""

from django.utils.translation import gettext_lazy as _

from core.privacy import ACTOR_REASON, ERASED, archive, exempt, holds, refers
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

AT_PLACEMENT = "placement__institution"
AT_APPLICATION = "application__programme__institution"

holds(
    Placement,
    person="trainee__user",
    erased={"status_note": ""},
    institution="institution",
    detach="trainee",
)
holds(
    PlacementApplication,
    person="trainee__user",
    erased={},
    institution="programme__institution",
    detach="trainee",
)
holds(
    PlacementPreference,
    person=APPLICATION,
    erased={},
    institution=AT_APPLICATION,
    label=_("Practice bases you asked for"),
)
holds(ConflictOfInterest, person=APPLICATION, erased={"reason": ERASED}, institution=AT_APPLICATION)
holds(
    HoursEntry,
    person=PLACEMENT,
    erased={"activities": ERASED, "return_reason": ""},
    institution=AT_PLACEMENT,
)
holds(LearningObjective, person=PLACEMENT, erased={"text": ERASED}, institution=AT_PLACEMENT)
holds(
    PlacementEvaluation,
    person=PLACEMENT,
    erased={"comments": ERASED, "self_evaluation": ""},
    institution=AT_PLACEMENT,
)
holds(
    EvaluationRating,
    person="evaluation__" + PLACEMENT,
    erased={"comment": ""},
    institution="evaluation__" + AT_PLACEMENT,
    label=_("Ratings of your competencies in placements"),
)
holds(SupervisorLink, person=PLACEMENT, erased={}, institution=AT_PLACEMENT)
holds(
    SupervisionSession,
    person="supervisor__user",
    erased={"topics": ERASED},
    institution="placements__institution",
    detach="supervisor",
)
# A teacher removed from an institution's records no longer supervises its placements there.
refers(Placement, "academic_supervisor", institution="institution")
refers(Placement, "agency_supervisor", institution="institution")
exempt("placements.AllocationRun", ACTOR_REASON)
archive(Placement)
