"""The learning site's curriculum views beyond the plan page itself."""

from core.pdf import page_pdf_view
from curriculum import services
from curriculum.models import CurriculumPlanPage

plan_book_pdf = page_pdf_view(CurriculumPlanPage, services.plan_book_pdf)
