from placements.models.allocation import (
    AllocationRun,
    ConflictOfInterest,
    PlacementApplication,
    PlacementPreference,
)
from placements.models.bases import (
    MANAGING_ROLES,
    BaseAgreement,
    BaseCapacity,
    Level,
    PracticeBase,
)
from placements.models.placements import (
    LearningObjective,
    Placement,
    PlacementProgramme,
    RubricLevel,
)
from placements.models.records import (
    EvaluationRating,
    HoursEntry,
    PlacementEvaluation,
    SupervisionSession,
    SupervisorLink,
)

__all__ = [
    "MANAGING_ROLES",
    "AllocationRun",
    "BaseAgreement",
    "BaseCapacity",
    "ConflictOfInterest",
    "EvaluationRating",
    "HoursEntry",
    "LearningObjective",
    "Level",
    "Placement",
    "PlacementApplication",
    "PlacementEvaluation",
    "PlacementPreference",
    "PlacementProgramme",
    "PracticeBase",
    "RubricLevel",
    "SupervisionSession",
    "SupervisorLink",
]
