"""Private storage: files only Praxis's own views serve, after checking who asks.

Trainees' continuing-education evidence, rendered PDFs (certificates, syllabi, quality reports)
and documents, whose collections may be private, are kept outside `MEDIA_ROOT`, in
`PRIVATE_MEDIA_ROOT` (or under the `private/` prefix of the S3 bucket), so a web server that
serves `/media/` cannot expose them. They have no public URL at all.
"""

import codecs
from collections.abc import Callable
from functools import partial
from mimetypes import guess_type
from typing import Any, NoReturn, cast

from django.apps.registry import Apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.db import transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

from core.spreadsheets import SpreadsheetError, decode_text


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder of its own, `PRIVATE_MEDIA_ROOT`, followed when a test changes the setting."""

    @cached_property
    def base_location(self) -> str:
        # The stubs leave out FileSystemStorage's _location (the folder it was given, if any).
        location = self._location  # type: ignore[attr-defined]
        return self._value_or_setting(location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        # Django calls it on every changed setting; the stubs name only the four it acts on.
        super()._clear_cached_properties(setting, **kwargs)  # type: ignore[arg-type]
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> NoReturn:
        # NotImplementedError is how a storage says it has no URL; Wagtail then serves itself.
        raise NotImplementedError(
            f"{name} is a private file and has no URL: serve it through a view that checks "
            "who may download it."
        )


def private_storage() -> Storage:
    """The storage of private files (a callable, so that migrations name it, not its folder)."""
    return storages["private"]


def delete_on_commit(file: FieldFile) -> None:
    """Delete the stored file once the transaction commits: a rolled-back deletion or erasure
    must still find it."""
    # A stored file has a name (its callers ask `if file.name` first).
    transaction.on_commit(partial(file.storage.delete, cast(str, file.name)))


def move_files(model: type[Model], field_name: str, source: Storage, target: Storage) -> None:
    """Move each row's file from one storage to the other under the same name; files already
    moved are left alone, so the migrations that call this can run again."""
    names = model._default_manager.exclude(**{field_name: ""}).values_list(field_name, flat=True)
    for name in names.iterator():
        if source.exists(name) and not target.exists(name):
            with source.open(name) as file:
                target.save(name, file)
        if source.exists(name) and target.exists(name):
            source.delete(name)


# A RunPython step: given the apps as the migration sees them, and the schema editor.
MigrationStep = Callable[[Apps, BaseDatabaseSchemaEditor], None]


def files_mover(
    app_label: str, model_name: str, field_name: str
) -> tuple[MigrationStep, MigrationStep]:
    """A forward and a backward RunPython step moving one field's files between the public
    media storage and the private one."""

    def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model = apps.get_model(app_label, model_name)
        move_files(model, field_name, default_storage, private_storage())

    def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model = apps.get_model(app_label, model_name)
        move_files(model, field_name, private_storage(), default_storage)

    return forwards, backwards


def file_response(
    file: FieldFile, filename: str, *, public: bool = False, whole: bool = False
) -> HttpResponse | FileResponse:
    """A stored file under `filename`, through the view that checked who asks; kept by no
    shared cache unless anyone may have it. PDFs, plain text and photos open in the browser
    (text with the character set it was saved in, so accents and Chinese read right);
    anything else downloads, so no uploaded page runs as Praxis. `whole` reads the file into
    a plain HttpResponse, for the hooks that must answer with one (Wagtail's
    before_serve_document)."""
    content_type = guess_type(filename)[0] or "application/octet-stream"
    shown = content_type in SHOWN_INLINE
    response: HttpResponse | FileResponse
    if whole or content_type == "text/plain":
        with file.open("rb") as stored:
            data = stored.read()
        if content_type == "text/plain":
            content_type += f"; charset={text_encoding(data)}"
        response = HttpResponse(data, content_type=content_type)
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not shown, filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


def text_encoding(data: bytes) -> str:
    """The character set a text file was saved in, as browsers name it (UTF-8 if unsure)."""
    try:
        return (
            codecs.lookup(decode_text(data)[1]).name.replace("utf-8-sig", "utf-8").replace("_", "-")
        )
    except SpreadsheetError:
        return "utf-8"


# The kinds of file a browser shows safely on its own (no scripts run in them).
SHOWN_INLINE = {"application/pdf", "text/plain", "image/png", "image/jpeg", "image/gif"}
