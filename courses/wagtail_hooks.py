from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from core.dashboard import roles_of
from core.models import Role
from core.permissions import signed_in
from courses.admin import TeachingGroup, authoring
from courses.learning import is_learner
from courses.models import CourseIndexPage, CourseOffering, CoursePage


@hooks.register("register_admin_viewset")
def register_teaching() -> TeachingGroup:
    return TeachingGroup()


@hooks.register("site_sections")
def catalog_section() -> tuple[str, str] | None:
    """The header's "Courses": the catalog in the active language."""
    catalog = CourseIndexPage.in_language()
    return (_("Courses"), catalog.url) if catalog and catalog.url else None


@hooks.register("account_links")
def my_learning_link(request: HttpRequest) -> tuple[str, str] | None:
    return (_("My learning"), reverse("courses:dashboard")) if is_learner(request) else None


@hooks.register("before_delete_page")
def keep_courses_that_were_offered(request: HttpRequest, page: Page) -> HttpResponse | None:
    """A course with offerings holds trainees' records: it can be unpublished, not deleted."""
    translations = page.get_translations(inclusive=True).values_list("path", flat=True)
    courses = CoursePage.objects.none()
    for path in translations:
        courses |= CoursePage.objects.filter(path__startswith=path)
    offered = CourseOffering.objects.filter(course__in=courses).select_related("course")
    first = offered.first()
    if first is not None:
        messages.error(
            request,
            _(
                "“%(course)s” has offerings with trainees' records (%(offering)s), so it cannot "
                "be deleted. Unpublish it instead."
            )
            % {"course": first.course.title, "offering": first.code},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("construct_homepage_panels")
def add_authoring_panels(request: HttpRequest, panels: list[Component]) -> None:
    """An author's drafts and pages returned for changes, with "New course" and "New
    material"; a reviewer's empty review queue says what will arrive there."""
    user = signed_in(request)
    roles = roles_of(user)
    if roles & {Role.COURSE_AUTHOR, Role.INSTITUTION_ADMIN}:
        panels.extend(authoring.author_panels(user))
    if roles & {Role.REVIEWER, Role.INSTITUTION_ADMIN} and not authoring.has_reviews(user):
        panels.append(authoring.empty_review_panel())
