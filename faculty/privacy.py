"""A faculty member's data: their record, terms, practice hours and teaching assignments."""

from core.privacy import ERASED, holds
from faculty.models import EmploymentTerm, FacultyMember, PracticeHours, TeachingAssignment

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
for model in (EmploymentTerm, PracticeHours, TeachingAssignment):
    holds(model, person="member__user", erased={})
