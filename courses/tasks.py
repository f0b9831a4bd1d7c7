"""Background work for courses: rendering a published syllabus before anyone asks for it."""

from django.tasks import task


@task()
def render_published_syllabus(page_id):
    from courses import services
    from courses.models import CoursePage

    course = CoursePage.objects.live().filter(pk=page_id).first()
    if course is not None:
        services.syllabus_pdf(course)
