"""Whoosh indexes on disk: one per root model, swapped atomically, written by one writer at a time.

Layout under the backend's ``PATH``: ``<app>.<model>`` is a symbolic link to the live generation
``<app>.<model>.<stamp>``. A rebuild fills a new generation and replaces the link with
``os.replace`` (atomic), so a reader sees the old index or the new one, never a half-built one.
Readers keep their searcher open per thread and reopen it only when the index changed.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import Model
from modelsearch.backends.base import BaseIndex, get_model_root
from modelsearch.index import Indexed, get_indexed_models

from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL, IndexWriter, SegmentWriter

from .codec import ColumnarSegmentWriter
from .schema import DocumentValue, IndexSchema

if TYPE_CHECKING:
    from . import WhooshSearchBackend

# Whoosh lets one writer in at a time; the others wait this long for the lock before failing.
WRITE_TIMEOUT_SECONDS = 60
# A generation replaced by a swap is kept for readers that still hold it open, then removed.
GENERATIONS_KEPT = 2

# Each commit writes a segment; merging on every commit would rewrite the small ones each time a
# page is published, so merging waits until this many segments have piled up.
SEGMENTS_BEFORE_MERGE = 12

# Open searchers per thread (each holds its segment files open); the least recently used beyond
# this many are closed.
SEARCHERS_KEPT = 16

_process_locks: dict[str, threading.RLock] = {}
_process_locks_guard = threading.Lock()
_searchers = threading.local()
# Opened indexes by generation directory: opening reads the table of contents and its schema.
_opened: dict[Path, whoosh_index.Index] = {}


def merge_when_many(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    return MERGE_SMALL(writer, segments) if len(segments) >= SEGMENTS_BEFORE_MERGE else segments


def _process_lock(path: Path) -> threading.RLock:
    """A lock per index for the threads of this process (the file lock serialises processes)."""
    with _process_locks_guard:
        return _process_locks.setdefault(str(path), threading.RLock())


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Exclusive lock across processes for creating and swapping an index's generations."""
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _open_dir(path: Path, attempts: int = 5) -> whoosh_index.Index:
    """Whoosh opens the newest table of contents it lists in the directory; a commit in another
    process may replace that one between the listing and the reading, so it reads again."""
    for attempt in range(attempts):
        try:
            return whoosh_index.open_dir(path)
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


class WhooshIndex(BaseIndex):
    """The index of one root model and its indexed subclasses."""

    def __init__(
        self,
        backend: WhooshSearchBackend,
        root_model: type[Model],
        generation: Path | None = None,
    ) -> None:
        super().__init__(backend)
        self.root_model = root_model
        self.name = f"{root_model._meta.app_label}.{root_model._meta.model_name}"
        self.directory = Path(backend.path)
        self.link = self.directory / self.name
        self.schema = IndexSchema(root_model, self.models(), backend.default_language)
        # A generation being rebuilt is written through one writer committed at the end.
        self.generation = generation
        self._staging_writer: IndexWriter | None = None

    def models(self) -> list[type[Indexed]]:
        return [model for model in get_indexed_models() if get_model_root(model) is self.root_model]

    def get_key(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name

    # Generations on disk

    def _new_generation(self) -> Path:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
        path = self.directory / f"{self.name}.{stamp}-{secrets.token_hex(4)}"
        path.mkdir(parents=True)
        whoosh_index.create_in(path, self.schema.whoosh_schema())
        return path

    def _point_link_to(self, generation: Path) -> None:
        temporary = self.directory / f".{self.name}.{secrets.token_hex(4)}"
        os.symlink(generation.name, temporary)
        os.replace(temporary, self.link)

    def live_generation(self) -> Path:
        """The directory of the live index, created on first use."""
        try:
            return self.directory / os.readlink(self.link)
        except FileNotFoundError:
            self.directory.mkdir(parents=True, exist_ok=True)
            with _file_lock(self.directory / f".{self.name}.lock"):
                if not self.link.is_symlink():
                    self._point_link_to(self._new_generation())
            return self.directory / os.readlink(self.link)

    def _open(self) -> whoosh_index.Index:
        path = self.generation or self.live_generation()
        index = _opened.get(path)
        if index is None:
            index = _open_dir(path)
            missing = self.schema.missing_from(index.schema)
            if missing:
                # A model or search field added since the index was built: add it in place.
                with self._writer(index) as writer:
                    for name, field in missing:
                        writer.add_field(name, field)
                index = _open_dir(path)
            _opened[path] = index
        return index

    def start_generation(self) -> WhooshIndex:
        """A copy of this index writing into a new, empty generation (for an atomic rebuild)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        return WhooshIndex(self.backend, self.root_model, generation=self._new_generation())

    def swap_in(self, staged: WhooshIndex) -> None:
        """Make a rebuilt generation live and remove the ones no reader needs any more."""
        generation = staged.generation
        assert generation is not None, "a staged index writes into a generation of its own"
        staged.finish_staging()
        with _file_lock(self.directory / f".{self.name}.lock"):
            self._point_link_to(generation)
            generations = sorted(
                self.directory.glob(f"{self.name}.*"), key=lambda p: p.stat().st_mtime
            )
            live = generation.name
            for old in [p for p in generations if p.name != live][: -GENERATIONS_KEPT + 1 or None]:
                shutil.rmtree(old, ignore_errors=True)

    # Reading

    def searcher(self) -> Searcher:
        """This thread's open searcher, reopened when the index changed since its last use."""
        cache = _searchers.__dict__.setdefault("by_index", {})
        path = self.generation or self.live_generation()
        cached = cache.pop(self.link, None)
        # Whoosh refreshes a searcher by reusing its reader's segments; the reader of an index
        # with no document yet has none (and is never up to date): that one is opened anew.
        if cached is not None and cached[0] == path and cached[1].up_to_date():
            searcher = cached[1]
        elif cached is not None and cached[0] == path and cached[1].ixreader.segments():
            searcher = cached[1].refresh()
        else:
            if cached is not None:
                cached[1].close()
            searcher = self._open().searcher()
        cache[self.link] = (path, searcher)  # most recently used last
        while len(cache) > SEARCHERS_KEPT:
            cache.pop(next(iter(cache)))[1].close()
        return searcher

    # Writing

    @contextlib.contextmanager
    def _writer(self, index: whoosh_index.Index | None = None) -> Iterator[IndexWriter]:
        if self._staging_writer is not None:
            yield self._staging_writer
            return
        with _process_lock(self.link):
            writer = ColumnarSegmentWriter(
                index or self._open(), timeout=WRITE_TIMEOUT_SECONDS, delay=0.05
            )
            try:
                yield writer
                writer.commit(mergetype=merge_when_many)
            except BaseException:
                if not writer.is_closed:  # a failed commit too: the lock must be let go
                    writer.cancel()
                raise

    def begin_staging(self) -> None:
        self._staging_writer = ColumnarSegmentWriter(self._open())

    def finish_staging(self) -> None:
        if self._staging_writer is not None:
            writer, self._staging_writer = self._staging_writer, None
            writer.commit(optimize=True)

    def add_model(self, model: type[Model]) -> None:
        pass

    def refresh(self) -> None:
        pass

    def reset(self) -> None:
        staged = self.start_generation()
        self.swap_in(staged)

    def add_items(self, model: type[Model], items: Iterable[Indexed]) -> None:
        self.write_documents(list(self.schema.documents(model, items)))

    def write_documents(self, documents: Iterable[Mapping[str, DocumentValue]]) -> None:
        """Add or replace documents (built beforehand, so the lock is held only to write)."""
        with self._writer() as writer:
            for document in documents:
                writer.update_document(**document)

    def delete_item(self, item: Model) -> None:
        with self._writer() as writer:
            writer.delete_by_term("meta_id", self.schema.document_id(item))

    def document_ids(self) -> set[str]:
        """Ids of every document in the index (for checks and tests)."""
        searcher = self.searcher()
        return {fields["meta_id"] for fields in searcher.all_stored_fields()}
