"""What each role may do with the courses' models (core.permissions.grant)."""

from core.models import Role
from core.permissions import crud, grant, grant_none

# Running offerings: looking at them and their people, and recording attendance and grades.
grant(
    [Role.INSTITUTION_ADMIN, Role.FACULTY],
    [
        "courses.view_courseoffering",
        "courses.record_results_courseoffering",
        "courses.view_trainee",
        "courses.view_certificate",
        "courses.view_continuingeducationrecord",
    ],
)
grant(
    [Role.INSTITUTION_ADMIN],
    [
        *crud("courses.CourseOffering", ("add", "change", "delete")),
        "courses.change_trainee",
        "courses.change_certificate",
        *crud("courses.ContinuingEducationRecord", ("add", "change")),
        *crud("courses.Questionnaire", ("add", "change", "view")),
        "courses.view_courseinterest",
    ],
)
grant_none(
    ["courses.CoursePage", "courses.CourseIndexPage", "courses.LearningOutcome"],
    "Pages (Wagtail's page permissions) and a course page's outcomes, edited with it.",
)
grant_none(
    [
        "courses.Session",
        "courses.Enrolment",
        "courses.EnrolmentInvitation",
        "courses.Attendance",
        "courses.UnitProgress",
        "courses.Grade",
        "courses.SurveyReceipt",
        "courses.SurveyResponse",
    ],
    "An offering's sessions and people's records in it: written through the offering's "
    "screens (record_results: attendance and the gradebook) and the trainees' own actions (their "
    "anonymous survey answers among them), never edited on their own.",
)
grant_none(
    ["courses.ContinuingEducationRule"],
    "How many hours each professional level owes: the platform administrators keep it.",
)
