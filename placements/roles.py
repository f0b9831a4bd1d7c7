"""What each role may do with the placements' models (core.permissions.grant)."""

from core.models import Role
from core.permissions import crud, grant, grant_none

# Keeping an institution's practice bases, programmes, placements and allocations. Placements
# and allocation runs are records, never deleted; applications are the trainees' own.
grant(
    [Role.INSTITUTION_ADMIN, Role.PLACEMENT_COORDINATOR],
    [
        *crud("placements.PracticeBase"),
        *crud("placements.BaseAgreement"),
        *crud("placements.PlacementProgramme"),
        *crud("placements.Placement", ("add", "change", "view")),
        *crud("placements.AllocationRun", ("add", "change", "view")),
        "placements.view_placementapplication",
    ],
)
# Faculty see the placements they supervise as academic supervisors.
grant([Role.FACULTY], ["placements.view_placement"])
grant_none(
    ["placements.BaseCapacity", "placements.RubricLevel"],
    "A base's capacities and a programme's rubric levels: edited with their base or programme.",
)
grant_none(
    [
        "placements.LearningObjective",
        "placements.PlacementPreference",
        "placements.ConflictOfInterest",
        "placements.HoursEntry",
        "placements.SupervisionSession",
        "placements.PlacementEvaluation",
        "placements.EvaluationRating",
        "placements.SupervisorLink",
    ],
    "A placement's and an application's records: written through the placement's screens, "
    "the trainee's own pages and the agency supervisor's links, never edited on their own.",
)
