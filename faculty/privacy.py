"""A faculty member's data: their record, terms, practice hours and teaching assignments."""

from core.privacy import ERASED, holds, refers
from faculty.models import (
    EmploymentTerm,
    FacultyMember,
    FacultyPool,
    PracticeHours,
    TeachingAssignment,
)

holds(
    FacultyMember,
    person="user",
    erased={
        "family_name": ERASED,
        "given_name": ERASED,
        "email": "",
        "phone": "",
        "employer": "",
        "bio": "",
        "availability": "",
        "certificate_number": "",
        "certificate_date": None,
        "public_profile": False,
    },
)
holds(EmploymentTerm, person="member__user", erased={}, institution="institution", detach="member")
holds(
    TeachingAssignment,
    person="member__user",
    erased={},
    institution="offering__institution",
    detach="member",
)
# A teacher's own practice, the same at every institution they teach for.
holds(PracticeHours, person="member__user", erased={})
refers(FacultyPool, "members", institution="institution")
