from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.ui.components import Component

from core.dashboard import roles_of
from core.models import Role
from core.permissions import signed_in
from courses.models import CourseOffering
from faculty.dashboard import teaching_panels
from faculty.models import TeachingAssignment
from faculty.services import AssignmentError, check_can_open
from faculty.viewsets import FacultyGroup


@hooks.register("register_admin_viewset")
def register_faculty() -> FacultyGroup:
    return FacultyGroup()


@hooks.register("offering_cannot_open")
def offering_without_lead(offering: CourseOffering) -> str | None:
    """Why the offering cannot open for enrolment yet, if it has no lead instructor."""
    try:
        check_can_open(offering)
    except AssignmentError as error:
        return str(error)
    return None


@hooks.register("course_page_offering_prefetches")
def public_team() -> Prefetch[Any]:
    """Each open offering's team on its course page: only the members who consented to a
    public profile, never their contact data."""
    team = (
        TeachingAssignment.objects.filter(member__public_profile=True)
        .select_related("member")
        .prefetch_related("member__fields")
        .order_by("role", "member__family_name")
    )
    return Prefetch("teaching_assignments", team, to_attr="public_team")


@hooks.register("offering_teachers")
def teachers(offering: CourseOffering) -> list[str]:
    """Who teaches an offering, for its trainees' page: names and roles, lead first."""
    roles = list(TeachingAssignment.Role)
    team = offering.teaching_assignments.select_related("member").order_by("member__family_name")
    return [
        f"{assignment.member} · {assignment.get_role_display()}"
        for assignment in sorted(team, key=lambda assignment: roles.index(assignment.role))
    ]


@hooks.register("construct_homepage_panels")
def add_teaching_panels(request: HttpRequest, panels: list[Component]) -> None:
    user = signed_in(request)
    if Role.FACULTY in roles_of(user) or hasattr(user, "faculty_member"):
        panels.extend(teaching_panels(user))
