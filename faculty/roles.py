"""What each role may do with the faculty's models (core.permissions.grant)."""

from core.models import Role
from core.permissions import crud, grant, grant_none

# Keeping an institution's faculty: its members, pools and teaching assignments.
grant(
    [Role.INSTITUTION_ADMIN, Role.PLACEMENT_COORDINATOR],
    [
        *crud("faculty.FacultyMember"),
        *crud("faculty.FacultyPool"),
        *crud("faculty.TeachingAssignment"),
    ],
)
grant_none(
    ["faculty.EmploymentTerm", "faculty.PracticeHours"],
    "A faculty member's terms and practice hours: edited with the member.",
)
