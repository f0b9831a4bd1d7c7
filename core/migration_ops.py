"""Operations for migrations that move a model to another app and keep its table.

The move itself is a `SeparateDatabaseAndState` that only changes Django's state; the content
type keeps its row (and so its id, which pages, revisions, permissions and log entries point to)
and only changes its app label.
"""

from django.db import migrations
from django.db.migrations.state import StateApps


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
