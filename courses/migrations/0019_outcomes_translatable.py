"""Learning outcomes become translatable (wagtail-localize translates them with their course).

Each outcome takes its page's language; an outcome's translations share its key, derived from
the page's translation key and the outcome's place in it, so the outcomes of a course, of its
aliases and of its translations line up."""

import uuid

from django.db import migrations

from core.migration_ops import made_translatable


def by_page(apps, model):
    position: dict[int, int] = {}
    for outcome in model.objects.select_related("page").order_by("page", "sort_order", "pk"):
        position[outcome.page_id] = position.get(outcome.page_id, -1) + 1
        outcome.locale_id = outcome.page.locale_id
        outcome.translation_key = uuid.uuid5(
            outcome.page.translation_key, f"outcome-{position[outcome.page_id]}"
        )
        outcome.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0018_session_topic_and_venue_in_languages"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = made_translatable("courses", "learningoutcome", fill=by_page)
