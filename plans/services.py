"""Operations on curriculum plans: the plan book, every course's syllabus in one PDF."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from core import pdf
from core.models import RenderedPdf
from core.publishing import page_language, published_revision
from courses.syllabus import syllabus_context

if TYPE_CHECKING:  # the plan page's book routes use this module
    from plans.models import CurriculumPlanPage, PlanCourse


def book_courses(plan: CurriculumPlanPage) -> list[PlanCourse]:
    """The plan's live courses in the plan's order, each with its published revision."""
    entries = [entry for entry in plan.plan_entries() if entry.course_page.live]
    for entry in entries:
        entry.revision = published_revision(entry.course_page)
    return entries


def book_identity(plan: CurriculumPlanPage, entries: list[PlanCourse]) -> pdf.PdfIdentity:
    """Where the plan book is stored: a key that changes when the plan or any of its courses
    publishes a new revision, the scope its revisions share, its page and download name."""
    language = page_language(plan)
    revisions = ",".join(f"{entry.course_id}:{entry.revision.pk}" for entry in entries)
    digest = hashlib.sha256(revisions.encode()).hexdigest()[:16]
    plan_revision = published_revision(plan)
    return {
        "key": f"plan-book/{plan.pk}/{plan_revision.pk}-{digest}/{language}",
        "scope": f"plan-book/{plan.pk}/{language}",
        "page": plan,
        "filename": pdf.pdf_filename(plan.slug, "book"),
    }


def render_book(
    plan: CurriculumPlanPage, entries: list[PlanCourse], on_stage: pdf.OnStage | None = None
) -> pdf.Pdf:
    language = page_language(plan)
    label = pdf.revision_label(published_revision(plan), language)
    chapters = [
        syllabus_context(entry.course_page, entry.revision) | {"entry": entry} for entry in entries
    ]
    context = {"plan": plan, "summary": plan.summary(), "chapters": chapters, "label": label}
    return pdf.render_pdf("plans/plan_book_pdf.html", context, language=language, on_stage=on_stage)


def plan_book_pdf(plan: CurriculumPlanPage, *, wait_seconds: float = 120.0) -> RenderedPdf:
    """The stored plan book for the plan's and its courses' published revisions."""
    entries = book_courses(plan)
    return pdf.stored_pdf(
        render=lambda on_stage: render_book(plan, entries, on_stage),
        wait_seconds=wait_seconds,
        **book_identity(plan, entries),
    )


def book_status(plan: CurriculumPlanPage) -> RenderedPdf:
    """The plan book's record (ready, being rendered, or not started) for a progress page."""
    return pdf.find_or_create(**book_identity(plan, book_courses(plan)))
