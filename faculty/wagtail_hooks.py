from wagtail import hooks

from faculty.viewsets import FacultyGroup


@hooks.register("register_admin_viewset")
def register_faculty():
    return FacultyGroup()
