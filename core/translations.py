"""Translations with wagtail-localize, kept to what the user may edit and sent through the
review workflow of their page or snippet like any other change.

wagtail-localize's translation editor publishes directly, and only for someone who may publish;
an author or an evaluator, who may not, sends the finished translation for review here: the
translation is saved as a draft revision and the workflow starts, so a reviewer approves it from
their dashboard as they approve the source.
"""

from typing import Any

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page, WorkflowMixin
from wagtail_localize.models import Translation, TranslationLog

from core.models import User

# What a new revision changes on its page's or snippet's row; everything else is what readers
# see (a snippet has the first two only).
DRAFT_FIELDS = (
    "latest_revision_id",
    "has_unpublished_changes",
    "latest_revision_created_at",
    "draft_title",
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
def submit_for_review(translation: Translation, user: User) -> WorkflowMixin:
    """Save the translation as a draft of its page or snippet and start its review workflow."""
    target = translation.get_target_instance()
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
    workflow = target.get_workflow() if isinstance(target, WorkflowMixin) else None
    if workflow is None:
        raise TranslationNotReady(
            _("No review workflow applies to this: ask your institution's administrator.")
        )
    if target.workflow_in_progress:
        raise TranslationNotReady(_("This translation is already waiting for review."))
    target = _saved_as_draft(translation, user)
    workflow.start(target, user)
    return target


def _saved_as_draft(translation: Translation, user: User) -> WorkflowMixin:
    """The translation as a new revision, while readers keep the page or snippet they see.

    wagtail-localize's draft still writes the translated content into the row that the site
    serves, and a snippet's draft is taken offline: the row is put back as it was, with the new
    revision as its latest.
    """
    target = translation.get_target_instance()
    model = target.specific_class if isinstance(target, Page) else type(target)
    shown = target.serializable_data()
    translation.save_target(user=user, publish=False)
    drafted = model._default_manager.get(pk=target.pk)
    kept = model.from_serializable_data(shown)
    for field in DRAFT_FIELDS:
        if hasattr(kept, field):
            setattr(kept, field, getattr(drafted, field))
    if isinstance(kept, Page):
        kept.save(clean=False)
    else:
        kept.save()
    return kept
