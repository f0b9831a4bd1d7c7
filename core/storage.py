"""Private storage: files only Praxis's own views serve, after checking who asks.

Trainees' continuing-education evidence, rendered PDFs (certificates, syllabi, quality reports)
and documents, whose collections may be private, are kept outside `MEDIA_ROOT`, in
`PRIVATE_MEDIA_ROOT` (or under the `private/` prefix of the S3 bucket), so a web server that
serves `/media/` cannot expose them. They have no public URL at all.
"""

from functools import partial
from mimetypes import guess_type

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder of its own, `PRIVATE_MEDIA_ROOT`, followed when a test changes the setting."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str):
        # NotImplementedError is how a storage says it has no URL; Wagtail then serves itself.
        raise NotImplementedError(
            f"{name} is a private file and has no URL: serve it through a view that checks "
            "who may download it."
        )


def private_storage():
    """The storage of private files (a callable, so that migrations name it, not its folder)."""
    return storages["private"]


def delete_on_commit(file) -> None:
    """Delete the stored file once the transaction commits: a rolled-back deletion or erasure
    must still find it."""
    transaction.on_commit(partial(file.storage.delete, file.name))


def move_files(model, field_name: str, source, target) -> None:
    """Move each row's file from one storage to the other under the same name; files already
    moved are left alone, so the migrations that call this can run again."""
    names = model.objects.exclude(**{field_name: ""}).values_list(field_name, flat=True)
    for name in names.iterator():
        if source.exists(name) and not target.exists(name):
            with source.open(name) as file:
                target.save(name, file)
        if source.exists(name) and target.exists(name):
            source.delete(name)


def files_mover(app_label: str, model_name: str, field_name: str):
    """A forward and a backward RunPython step moving one field's files between the public
    media storage and the private one."""

    def forwards(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        move_files(model, field_name, default_storage, private_storage())

    def backwards(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        move_files(model, field_name, private_storage(), default_storage)

    return forwards, backwards


def file_response(file, filename, *, public: bool = False, whole: bool = False):
    """A download of a stored file under `filename`, through the view that checked who asks;
    kept by no shared cache unless anyone may have it. `whole` reads the file into a plain
    HttpResponse, for the hooks that must answer with one (Wagtail's before_serve_document)."""
    if whole:
        with file.open("rb") as stored:
            response = HttpResponse(stored.read(), content_type=guess_type(filename)[0])
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(file.open("rb"), filename=filename)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
