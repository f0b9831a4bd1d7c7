"""Operations on courses: the printable syllabus, rendered once per published revision."""

from core import pdf
from core.models import Institution

LOGO_SPEC = "max-600x240"


def published_revision(page):
    """The revision a live page shows; an alias shows its source page's."""
    source = page.alias_of.specific if page.alias_of_id else page
    return source.live_revision


def page_language(page):
    return page.locale.language_code


def syllabus_context(course, revision):
    """What the syllabus template prints, computed in a fixed number of queries."""
    institution = course.institution
    if institution is None and course.get_parent() is not None:  # a new page's preview
        institution = Institution.objects.owning(course.get_parent())
    outcomes = list(course.outcomes_with_competencies())
    used = {competency for outcome in outcomes for competency in outcome.competencies.all()}
    competencies = sorted(used, key=lambda c: (c.framework_id, c.sort_order, c.code))
    logo = None
    if institution is not None and institution.logo is not None:
        logo = pdf.media_url(institution.logo.get_rendition(LOGO_SPEC).file)
    return {
        "course": course,
        "syllabus": {
            "institution": institution,
            "logo": logo,
            "fields": list(course.service_fields.all()),
            "outcomes": outcomes,
            "competencies": competencies,
            "matrix": [
                (outcome, [c in set(outcome.competencies.all()) for c in competencies])
                for outcome in outcomes
            ],
            "hours": course.hours,
            "policies": course.policies(),
            "revision_label": pdf.revision_label(revision, page_language(course)),
        },
    }


def render_syllabus(course, revision, on_stage=None):
    return pdf.render_pdf(
        "courses/syllabus_pdf.html",
        syllabus_context(course, revision),
        language=page_language(course),
        on_stage=on_stage,
    )


def syllabus_pdf(course, *, wait_seconds=60.0):
    """The stored PDF of the course's published revision, rendered now if it is not yet."""
    revision = published_revision(course)
    language = page_language(course)
    return pdf.stored_pdf(
        f"syllabus/{course.pk}/{revision.pk}/{language}",
        f"syllabus/{course.pk}/{language}",
        lambda on_stage: render_syllabus(course, revision, on_stage),
        page=course,
        filename=pdf.pdf_filename(course.code, "syllabus"),
        wait_seconds=wait_seconds,
    )


def syllabus_filename(course):
    return pdf.pdf_filename(course.code, "syllabus")
