"""What each role may do with curriculum plans (core.permissions.grant)."""

from core.permissions import grant_none

grant_none(
    ["plans.CurriculumPlanPage", "plans.PlanCourse"],
    "A page (Wagtail's page permissions) and its inline courses, edited with it.",
)
