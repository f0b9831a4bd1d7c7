"""Operations for migrations: moving a model to another app and keeping its table, turning
free-text term names into terms, and making a model translatable.

The move itself is a `SeparateDatabaseAndState` that only changes Django's state; the content
type keeps its row (and so its id, which pages, revisions, permissions and log entries point to)
and only changes its app label.
"""

import datetime
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import migrations, models
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import StateApps

from core.seasons import read_term_name


def move_content_types(from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Relabel the moved models' content types, both ways."""

    def relabel(apps: StateApps, source: str, target: str) -> None:
        content_types = apps.get_model("contenttypes", "ContentType")
        for model in models:
            moved = content_types.objects.filter(app_label=source, model=model)
            if moved.exists():
                # A label that only a later migration run could have created holds nothing yet.
                content_types.objects.filter(app_label=target, model=model).delete()
                moved.update(app_label=target)
        content_types.objects.clear_cache()

    return migrations.RunPython(
        lambda apps, _editor: relabel(apps, from_app, to_app),
        lambda apps, _editor: relabel(apps, to_app, from_app),
    )


def terms_from_names(
    model: str, institution_path: str, name_field: str, term_field: str
) -> migrations.RunPython:
    """Point each row's new term key at its institution's term of the name it held, making
    the term the first time a name is met. Reversing writes the Spanish name back."""
    app_label, model_name = model.split(".")

    def forwards(apps: StateApps, _editor: object) -> None:
        terms = apps.get_model("core", "Term")
        rows = apps.get_model(app_label, model_name).objects.exclude(**{name_field: ""})
        today = datetime.date.today()
        for row in rows.values("pk", name_field, institution_path).iterator():
            name, institution = row[name_field].strip(), row[institution_path]
            term = (
                terms.objects.filter(institution_id=institution)
                .filter(
                    models.Q(name_es__iexact=name)
                    | models.Q(name_en__iexact=name)
                    | models.Q(name_zh_hans__iexact=name)
                )
                .first()
            )
            if term is None:
                read = read_term_name(name, today)
                term, _made = terms.objects.get_or_create(
                    institution_id=institution, name_es=read.pop("name_es"), defaults=read
                )
            rows.filter(pk=row["pk"]).update(**{term_field: term.pk})

    def backwards(apps: StateApps, _editor: object) -> None:
        terms = apps.get_model("core", "Term")
        rows = apps.get_model(app_label, model_name).objects.exclude(**{term_field: None})
        names = dict(terms.objects.values_list("pk", "name_es"))
        for pk, term in rows.values_list("pk", term_field):
            rows.filter(pk=pk).update(**{name_field: names[term]})

    return migrations.RunPython(forwards, backwards)


def _in_default_language(apps: StateApps, model: type[models.Model]) -> None:
    """Every existing row in the site's default language, each with a key of its own."""
    default = apps.get_model("wagtailcore", "Locale").objects.get(
        language_code=settings.LANGUAGE_CODE
    )
    for row in model._default_manager.all():
        row.locale = default  # type: ignore[attr-defined]
        row.translation_key = uuid.uuid4()  # type: ignore[attr-defined]
        row.save(update_fields=["locale", "translation_key"])


def made_translatable(
    app_label: str,
    model_name: str,
    fill: Callable[[StateApps, type[models.Model]], None] = _in_default_language,
) -> list[Operation]:
    """Wagtail's TranslatableMixin added to a model with rows: its two fields, filled by
    `fill` (by default: in the site's default language), then required and unique together."""

    def filled(apps: StateApps, schema_editor: object) -> None:
        fill(apps, apps.get_model(app_label, model_name))

    def locale(**options: object) -> models.ForeignKey[object]:
        return models.ForeignKey(
            editable=False,
            on_delete=models.PROTECT,
            related_name="+",
            to="wagtailcore.locale",
            verbose_name="locale",
            **options,  # type: ignore[arg-type]
        )

    return [
        migrations.AddField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(model_name=model_name, name="locale", field=locale(null=True)),
        migrations.RunPython(filled, migrations.RunPython.noop),
        migrations.AlterField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(model_name=model_name, name="locale", field=locale()),
        migrations.AlterUniqueTogether(
            name=model_name, unique_together={("translation_key", "locale")}
        ),
    ]
