"""The plan book's PDF at `<plan url>book.pdf`."""

from core.pdf import page_pdf_view
from plans import services
from plans.models import CurriculumPlanPage

plan_book_pdf = page_pdf_view(CurriculumPlanPage, services.plan_book_pdf)
