"""The learning site's course views beyond the page itself."""

from core.pdf import page_pdf_view
from courses import services
from courses.models import CoursePage

syllabus_pdf = page_pdf_view(CoursePage, services.syllabus_pdf)
