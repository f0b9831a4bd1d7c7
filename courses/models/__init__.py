from courses.models.grades import Grade, GradeQuerySet
from courses.models.interest import CourseInterest
from courses.models.offerings import (
    STAFF_ROLES,
    TAUGHT_FIELDS,
    Attendance,
    CourseOffering,
    Enrolment,
    EnrolmentInvitation,
    Session,
    Trainee,
    UnitProgress,
)
from courses.models.pages import CourseIndexPage, CoursePage, CoursePageForm, LearningOutcome
from courses.models.records import (
    Certificate,
    ContinuingEducationRecord,
    ContinuingEducationRule,
)
from courses.models.surveys import Questionnaire, SurveyReceipt, SurveyResponse

__all__ = [
    "STAFF_ROLES",
    "TAUGHT_FIELDS",
    "Attendance",
    "Certificate",
    "ContinuingEducationRecord",
    "ContinuingEducationRule",
    "CourseIndexPage",
    "CourseInterest",
    "CourseOffering",
    "CoursePage",
    "CoursePageForm",
    "Enrolment",
    "EnrolmentInvitation",
    "Grade",
    "GradeQuerySet",
    "LearningOutcome",
    "Questionnaire",
    "Session",
    "SurveyReceipt",
    "SurveyResponse",
    "Trainee",
    "UnitProgress",
]
