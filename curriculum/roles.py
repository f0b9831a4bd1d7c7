"""What each role may do with the curriculum's models (core.permissions.grant)."""

from core.models import Role
from core.permissions import crud, grant, grant_none

grant(
    [Role.INSTITUTION_ADMIN, Role.REVIEWER, Role.COURSE_AUTHOR],
    crud("curriculum.TeachingMaterial", ("add", "change", "view")),
)
grant(
    [Role.INSTITUTION_ADMIN],
    [*crud("curriculum.TeachingMaterial", ("delete",)), *crud("curriculum.InstitutionPolicy")],
)
grant_none(
    [
        "curriculum.ServiceField",
        "curriculum.TrainingTier",
        "curriculum.ProfessionalLevel",
        "curriculum.EmployerKind",
        "curriculum.ServiceMethod",
        "curriculum.CompetencyFramework",
        "curriculum.Competency",
    ],
    "Reference data and competency frameworks every institution shares: the platform "
    "administrators keep them.",
)
