"""The printable syllabus of a course, rendered once per published revision."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from wagtail.models import Revision

from core import pdf
from core.models import Institution, RenderedPdf
from core.publishing import page_language, published_revision

if TYPE_CHECKING:  # the course page renders its draft syllabus through this module
    from courses.models import CoursePage


def syllabus_context(
    course: CoursePage, revision: Revision | None, policies_as_of: datetime.datetime | None = None
) -> dict[str, Any]:
    """What the syllabus template prints, computed in a fixed number of queries; the
    institution's policies as they were at `policies_as_of`, if given."""
    institution = course.institution
    if institution is None and course.get_parent() is not None:  # a new page's preview
        institution = Institution.objects.owning(course.get_parent())
    outcomes = list(course.outcomes_with_competencies())
    used = {competency for outcome in outcomes for competency in outcome.competencies.all()}
    competencies = sorted(used, key=lambda c: (c.framework_id, c.sort_order, c.code))
    return {
        "course": course,
        "syllabus": {
            "institution": institution,
            "logo": pdf.logo_url(institution),
            "fields": list(course.service_fields.all()),
            "outcomes": outcomes,
            "competencies": competencies,
            "matrix": [
                (outcome, [c in set(outcome.competencies.all()) for c in competencies])
                for outcome in outcomes
            ],
            "hours": course.hours,
            "policies": course.policies(page_language(course), policies_as_of),
            "revision_label": pdf.revision_label(revision, page_language(course)),
        },
    }


def render_syllabus(
    course: CoursePage,
    revision: Revision | None,
    on_stage: pdf.OnStage | None = None,
    policies_as_of: datetime.datetime | None = None,
) -> pdf.Pdf:
    return pdf.render_pdf(
        "courses/syllabus_pdf.html",
        syllabus_context(course, revision, policies_as_of),
        language=page_language(course),
        on_stage=on_stage,
    )


def syllabus_identity(course: CoursePage) -> pdf.PdfIdentity:
    """Where the syllabus of the course's published revision is stored, and under what name."""
    revision = published_revision(course)
    language = page_language(course)
    return {
        "key": f"syllabus/{course.pk}/{revision.pk}/{language}",
        "scope": f"syllabus/{course.pk}/{language}",
        "page": course,
        "filename": syllabus_filename(course),
    }


def syllabus_record(course: CoursePage) -> RenderedPdf:
    """The record of the published syllabus (ready, being rendered, or not started)."""
    return pdf.find_or_create(**syllabus_identity(course))


def syllabus_pdf(course: CoursePage, *, wait_seconds: float = 60.0) -> RenderedPdf:
    """The stored PDF of the course's published revision, rendered now if it is not yet."""
    identity = syllabus_identity(course)
    revision = published_revision(course)
    return pdf.stored_pdf(
        render=lambda on_stage: render_syllabus(course, revision, on_stage),
        wait_seconds=wait_seconds,
        **identity,
    )


def syllabus_filename(course: CoursePage) -> str:
    return pdf.pdf_filename(course.code, "syllabus")


def version_syllabus_pdf(
    course: CoursePage, revision: Revision, pinned_at: datetime.datetime
) -> RenderedPdf:
    """The syllabus of an offering that keeps one revision of the course since `pinned_at`:
    that revision, with the institution's policies as they were then. It is stored apart
    from the course's own syllabus, which the next publish replaces."""
    key = f"syllabus/{course.pk}/{revision.pk}/{page_language(course)}/{pinned_at:%Y%m%d%H%M%S}"
    return pdf.stored_pdf(
        key,
        key,
        lambda on_stage: render_syllabus(course, revision, on_stage, policies_as_of=pinned_at),
        filename=syllabus_filename(course),
    )
