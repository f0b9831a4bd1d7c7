"""The vocabulary courses are written in: fields of service, tiers, levels, methods and competency
frameworks (platform reference data), and each institution's teaching materials and locked course
policies."""

from curriculum.models.competencies import Competency, CompetencyFramework
from curriculum.models.materials import (
    AUTHORING_ROLES,
    InstitutionOwnedQuerySet,
    TeachingMaterial,
    TeachingMaterialQuerySet,
)
from curriculum.models.policies import InstitutionPolicy
from curriculum.models.reference import (
    LANGUAGE_CHOICES,
    Certified,
    EmployerKind,
    ProfessionalLevel,
    ReferenceTerm,
    ServiceField,
    ServiceMethod,
    TrainingTier,
)

__all__ = [
    "AUTHORING_ROLES",
    "LANGUAGE_CHOICES",
    "Certified",
    "Competency",
    "CompetencyFramework",
    "EmployerKind",
    "InstitutionOwnedQuerySet",
    "InstitutionPolicy",
    "ProfessionalLevel",
    "ReferenceTerm",
    "ServiceField",
    "ServiceMethod",
    "TeachingMaterial",
    "TeachingMaterialQuerySet",
    "TrainingTier",
]
