"""Translations of pages with wagtail-localize, kept to what the user may edit and sent through
the page's review workflow like any other change.

wagtail-localize's translation editor publishes directly, and only for someone who may publish;
an author, who may not, sends the finished translation for review here: the translation is
saved as a draft revision and the page's workflow starts, so a reviewer approves it from their
dashboard as they approve the source.
"""

from typing import Any

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationLog

from core.models import User

# What a new revision changes on its page's row; everything else is what readers see.
DRAFT_FIELDS = (
    "latest_revision_id",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
)


class TranslationNotReady(Exception):
    """Why a translation cannot go to review yet, in words for its translator."""


def originals[Q: QuerySet[Any]](queryset: Q) -> Q:
    """One record per translatable snippet, not its translations: the first written, which
    other records point at; readers see its translation in their language (`localized`)."""
    first = queryset.model.objects.values("translation_key").annotate(first=Min("pk"))
    return queryset.filter(pk__in=first.values("first"))


def source_language_shown() -> Subquery:
    """For a page whose translation has started but was never published, so that it still shows
    the words it was copied with, the language of those words; else null. Annotate pages with
    it to tell the reader, in one query for a whole listing."""
    published = TranslationLog.objects.filter(revision_id=OuterRef(OuterRef("live_revision_id")))
    started = Translation.objects.filter(
        enabled=True,
        target_locale_id=OuterRef("locale_id"),
        source__object_id=OuterRef("translation_key"),
    ).filter(~Exists(published))
    return Subquery(started.values("source__locale__language_code")[:1])


@transaction.atomic
def submit_for_review(translation: Translation, user: User) -> Page:
    """Save the translation as a draft of its page and start the page's review workflow."""
    page = translation.get_target_instance()
    total, translated = translation.get_progress()
    if translated < total:
        missing = total - translated
        raise TranslationNotReady(
            ngettext(
                "%(count)d text is not translated yet: translate it, then submit again.",
                "%(count)d texts are not translated yet: translate them, then submit again.",
                missing,
            )
            % {"count": missing}
        )
    if page.workflow_in_progress:
        raise TranslationNotReady(_("This translation is already waiting for review."))
    workflow = page.get_workflow()
    if workflow is None:
        raise TranslationNotReady(
            _("This page has no review workflow: ask your institution's administrator.")
        )
    page = _saved_as_draft(translation, user)
    workflow.start(page, user)
    return page


def _saved_as_draft(translation: Translation, user: User) -> Page:
    """The translation as a new revision of its page, while readers keep the page they see.

    wagtail-localize's draft still writes the translated content into the page's row, which is
    what the site serves: the row is put back as it was, with the new revision as its latest.
    """
    page = translation.get_target_instance().specific
    shown = page.serializable_data()
    translation.save_target(user=user, publish=False)
    drafted = page.specific_class.objects.get(pk=page.pk)
    kept = page.specific_class.from_serializable_data(shown)
    for field in DRAFT_FIELDS:
        setattr(kept, field, getattr(drafted, field))
    kept.save(clean=False)
    return kept
