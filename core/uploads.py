"""Uploads judged by what they contain, not what they are called.

A file named `report.pdf` must start as a PDF does; an executable renamed `.docx` is refused
before it is stored. Every upload point (documents, evidence, continuing-education records)
calls `check_upload`, so the rule and its messages are the same everywhere.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

# How much of a file is read to recognise it.
HEAD_BYTES = 8192
OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # Word, Excel and PowerPoint before 2007
TEXT = "text"
OLE = "ole"
ZIP = "zip"
# What each accepted extension may contain, as `kind_of` names it. Office formats since 2007,
# OpenDocument and EPUB are zip archives; the older Office formats share one container.
CONTENT = {
    "pdf": {"pdf"},
    "png": {"png", "apng"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "doc": {OLE},
    "xls": {OLE},
    "ppt": {OLE},
    "docx": {ZIP},
    "xlsx": {ZIP},
    "pptx": {ZIP},
    "odt": {ZIP},
    "ods": {ZIP},
    "odp": {ZIP},
    "epub": {ZIP},
    "rtf": {"rtf"},
    "txt": {TEXT},
    "csv": {TEXT},
    "mp3": {"mp3"},
    "mp4": {"mp4", "m4v", "m4a", "mov", "3gp"},
    "webm": {"webm", "mkv"},
}
ZIP_KINDS = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}


def kind_of(head: bytes) -> str | None:
    """What the first bytes of a file say it is: a `filetype` extension, ZIP, OLE or TEXT."""
    if head.startswith(OLE_SIGNATURE):
        return OLE
    found = filetype.guess_extension(head)
    if found in ZIP_KINDS:
        return ZIP
    if found is None and b"\0" not in head:
        return TEXT
    return found


def check_upload(upload: File[Any], extensions: Collection[str], max_megabytes: int) -> None:
    """Refuse, with a message saying what to do, an upload whose extension is not among
    `extensions`, that is larger than `max_megabytes`, or whose content is not what its name
    says."""
    assert upload.name is not None  # an upload always has a name
    name = Path(upload.name).name
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in extensions or extension not in CONTENT:
        raise ValidationError(
            _("“%(name)s” is not a type accepted here. Upload one of: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(set(extensions) & set(CONTENT)))}
        )
    if upload.size > max_megabytes * 1024 * 1024:
        raise ValidationError(
            _(
                "“%(name)s” is %(size).1f MB; the limit is %(limit)s MB. "
                "Compress it, split it, or link to it instead."
            )
            % {"name": name, "size": upload.size / 1024 / 1024, "limit": max_megabytes}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = kind_of(head)
    if kind not in CONTENT[extension] or (kind == ZIP and not zipfile.is_zipfile(upload)):
        raise ValidationError(
            _(
                "“%(name)s” is not really a %(type)s file: its content does not match its "
                "name. Open it in the program that made it, save it as %(type)s and upload "
                "that file."
            )
            % {"name": name, "type": extension.upper()}
        )
    upload.seek(0)
