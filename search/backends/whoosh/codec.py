"""A posting format read as arrays: a term's document numbers, weights and positions stored apart.

Whoosh's W3 format pickles each block's ids, weights and encoded positions together, so reading a
common word's weights unpickles its positions too, one Python object per posting. Here a term's
postings are one record of little-endian arrays, read with ``numpy.frombuffer``:

    header (n, kind) | ids uint32[n] | weights float32[n] | values

where values are, by kind, nothing; positions (counts uint32[n], then every position uint32); or
any other format's encoded values (offsets uint32[n + 1], then the bytes). The ranking reads the
arrays; Whoosh's own matchers (fuzzy terms, sorting, deletions) get them as lists, with values
encoded in the field's format when asked for. Segments written with W3 before stay readable.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from whoosh.codec.base import PerDocumentReader, PostingsWriter
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo
from whoosh.fields import Schema
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Format, Positions
from whoosh.matching import ListMatcher
from whoosh.scoring import BaseScorer
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

# A posting as Whoosh's writer adds it: (field, term, document number, weight, encoded value).
type Posting = tuple[str, bytes, int, float, bytes]

HEADER = struct.Struct("<II")  # postings, kind of values (eight bytes: the arrays stay aligned)
NO_VALUES, POSITIONS, ENCODED = 0, 1, 2
IDS, WEIGHTS, COUNTS = np.dtype("<u4"), np.dtype("<f4"), np.dtype("<u4")


class ColumnarPostings:
    """One term's postings in a segment, as arrays over the bytes of its record."""

    def __init__(self, record: bytes) -> None:
        count, self.kind = HEADER.unpack_from(record)
        offset = HEADER.size
        self.ids: NDArray[np.uint32] = np.frombuffer(record, IDS, count, offset)
        offset += 4 * count
        self.weights: NDArray[np.float32] = np.frombuffer(record, WEIGHTS, count, offset)
        offset += 4 * count
        self._record, self._values_at = record, offset

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def counts(self) -> NDArray[np.uint32]:
        """Positions per posting (POSITIONS only)."""
        return np.frombuffer(self._record, COUNTS, len(self.ids), self._values_at)

    @cached_property
    def positions(self) -> NDArray[np.uint32]:
        """Every posting's positions, one after another (POSITIONS only)."""
        start = self._values_at + 4 * len(self.ids)
        return np.frombuffer(self._record, COUNTS, int(self.counts.sum()), start)

    @cached_property
    def starts(self) -> NDArray[np.int64]:
        """Where each posting's positions start in ``positions``."""
        starts = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum(self.counts, out=starts[1:])
        return starts

    def encoded_value(self, i: int, format_: Format) -> bytes:
        """The i-th posting's value as the field's Whoosh format encodes it."""
        if self.kind == POSITIONS:
            return format_.encode(self.positions[self.starts[i] : self.starts[i + 1]].tolist())
        if self.kind == ENCODED:
            bounds = np.frombuffer(self._record, COUNTS, len(self.ids) + 1, self._values_at)
            blob = self._values_at + 4 * (len(self.ids) + 1)
            return self._record[blob + int(bounds[i]) : blob + int(bounds[i + 1])]
        return b""


def record(
    ids: Sequence[int],
    weights: Sequence[float],
    positions: Sequence[Sequence[int]] | None = None,
    values: Sequence[bytes] | None = None,
) -> bytes:
    """The bytes of a term's postings: ``positions`` per posting for a positional field, else
    each posting's encoded ``values`` (or none)."""
    parts = [
        b"",
        np.asarray(ids, dtype=IDS).tobytes(),
        np.asarray(weights, dtype=WEIGHTS).tobytes(),
    ]
    kind = NO_VALUES
    if positions is not None:
        kind = POSITIONS
        parts.append(np.fromiter(map(len, positions), COUNTS, len(positions)).tobytes())
        parts.append(np.fromiter((p for ps in positions for p in ps), COUNTS).tobytes())
    elif values is not None and any(values):
        kind = ENCODED
        bounds = np.zeros(len(values) + 1, dtype=COUNTS)
        np.cumsum(np.fromiter(map(len, values), COUNTS, len(values)), out=bounds[1:])
        parts += [bounds.tobytes(), b"".join(values)]
    parts[0] = HEADER.pack(len(ids), kind)
    return b"".join(parts)


class _EncodedValues(Sequence[bytes]):
    """A term's values in Whoosh's encoding, made when a matcher asks for one."""

    def __init__(self, postings: ColumnarPostings, format_: Format) -> None:
        self.postings, self.format = postings, format_

    def __len__(self) -> int:
        return len(self.postings)

    def __getitem__(self, i: int) -> bytes:  # type: ignore[override]
        return self.postings.encoded_value(i, self.format)


class ColumnarMatcher(ListMatcher):
    """Whoosh's list matcher over a term's arrays (converted to lists on first use)."""

    def __init__(
        self,
        postings: ColumnarPostings,
        format_: Format,
        scorer: BaseScorer | None = None,
        term: tuple[str, bytes] | None = None,
        terminfo: W3TermInfo | None = None,
        position: int = 0,
    ) -> None:
        self.postings = postings
        self._all_weights = None
        self._i = position
        self._format = format_
        self._scorer = scorer
        self._term = term
        self._terminfo = terminfo

    @cached_property
    def _ids(self) -> list[int]:
        return self.postings.ids.tolist()

    @cached_property
    def _weights(self) -> list[float]:
        return self.postings.weights.tolist()

    @cached_property
    def _values(self) -> _EncodedValues | None:
        if self.postings.kind == NO_VALUES:
            return None
        return _EncodedValues(self.postings, self._format)

    # The list is one block: its quality is computed once, and skipping it skips it all (the
    # list matcher recomputes the maximum weight for every posting it steps over).

    @cached_property
    def _max_weight(self) -> float:
        return float(self.postings.weights.max()) if len(self.postings) else 0.0

    def block_max_weight(self) -> float:
        return self._max_weight

    def skip_to_quality(self, minquality: float) -> int:
        if self.is_active() and self.block_quality() <= minquality:
            self._i = len(self.postings)
            return 1
        return 0

    def copy(self) -> ColumnarMatcher:
        return ColumnarMatcher(
            self.postings, self._format, self._scorer, self._term, self._terminfo, self._i
        )


class ColumnarPostingsWriter(PostingsWriter):
    """Gathers a term's postings and writes them as one record at its end."""

    def __init__(self, postfile: StructFile) -> None:
        self._postfile = postfile
        self._terminfo: W3TermInfo | None = None

    def written(self) -> bool:
        return False

    def start_postings(self, format_: Format, terminfo: W3TermInfo) -> None:
        self._format, self._terminfo = format_, terminfo
        self._ids: list[int] = []
        self._weights: list[float] = []
        self._values: list[bytes] = []
        self._lengths: list[int] = []

    def add_posting(
        self, id_: int, weight: float, vbytes: bytes, length: int | None = None
    ) -> None:
        self._ids.append(id_)
        self._weights.append(weight)
        self._values.append(vbytes)
        self._lengths.append(length or 0)

    def finish_postings(self) -> W3TermInfo:
        return self.write_term(self._ids, self._weights, self._lengths, self._values)

    def write_term(
        self,
        ids: Sequence[int],
        weights: Sequence[float],
        lengths: Sequence[int],
        values: Sequence[bytes],
    ) -> W3TermInfo:
        """Write a whole term's postings (sorted by id, values in the field's Whoosh encoding)
        and fill its term info; a positional field's positions are stored decoded."""
        positions = None
        if type(self._format) is Positions:
            positions = [self._format.decode_positions(v) for v in values]
        terminfo = self._terminfo
        assert terminfo is not None and ids, "a term has postings"
        terminfo._weight = float(sum(weights))
        terminfo._df = len(ids)
        # As Whoosh's writer: a posting without a length (an unscored field) counts for neither.
        present = [length for length in lengths if length]
        terminfo._minlength = min(present) if present else None
        terminfo._maxlength = max(present, default=0)
        terminfo._maxweight = max(weights)
        terminfo._minid, terminfo._maxid = ids[0], ids[-1]
        data = record(ids, weights, positions, values)
        terminfo.set_extent(self._postfile.tell(), len(data))
        self._postfile.write(data)
        self._terminfo = None
        return terminfo


class TermPool:
    """Postings gathered by term as a writer adds them, in place of Whoosh's pool, which sorts
    every posting as a tuple (and spills runs to disk): documents are added in order, so each
    term's postings already are."""

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], list[tuple[int, float, bytes]]] = {}

    def add(self, item: Posting) -> None:
        fieldname, text, docnum, weight, value = item
        postings = self._terms.get((fieldname, text))
        if postings is None:
            self._terms[fieldname, text] = postings = []
        postings.append((docnum, weight, value))

    def terms(self) -> list[tuple[tuple[str, bytes], list[tuple[int, float, bytes]]]]:
        """(field, term) → postings, both in order."""
        for postings in self._terms.values():
            postings.sort()  # already sorted unless a merge added documents out of order
        return sorted(self._terms.items())

    def iter_postings(self) -> Iterator[Posting]:
        for (fieldname, text), postings in self.terms():
            for docnum, weight, value in postings:
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        self._terms.clear()


class ColumnarFieldWriter(W3FieldWriter):
    """Writes a pool's terms whole, reading each field's lengths once rather than per posting."""

    def add_terms(self, schema: Schema, lengths: PerDocumentReader, pool: TermPool) -> None:
        field_lengths: NDArray[np.int64] = np.empty(0, np.int64)
        current = None
        for (fieldname, text), postings in pool.terms():
            if fieldname not in schema:
                continue
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                current, fieldobj = fieldname, schema[fieldname]
                self.start_field(fieldname, fieldobj)
                length = lengths.doc_field_length
                field_lengths = np.fromiter(
                    (length(d, fieldname) or 0 for d in range(lengths.doc_count_all())),
                    np.int64,
                )
            ids, weights, values = zip(*postings, strict=True)
            self.start_term(text)
            terminfo = self._postwriter.write_term(
                ids, weights, field_lengths[list(ids)].tolist(), values
            )
            self._tindex.add(pack_ushort(self._fieldid) + text, terminfo.to_bytes())
        if current is not None:
            self.finish_field()


class ColumnarSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, gathering postings by term and writing them whole."""

    def __init__(self, index, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(index, codec=ColumnarCodec(), **kwargs)
        self.pool.cleanup()
        self.pool: TermPool = TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            self.fieldwriter.add_terms(self.schema, lengths, self.pool)
        finally:
            lengths.close()
        self.fieldwriter.close()


class ColumnarCodec(W3Codec):
    """Whoosh's W3 codec (terms, stored fields, lengths, columns) with columnar postings. A
    segment keeps the codec that wrote it, so an index reads its older W3 segments as before."""

    def __init__(self) -> None:
        super().__init__(compression=0, inlinelimit=0)

    def field_writer(self, storage, segment) -> ColumnarFieldWriter:  # type: ignore[no-untyped-def]
        return ColumnarFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: StructFile, byteids: bool = False) -> PostingsWriter:
        if byteids:  # term vectors, which the schema does not keep
            return super().postings_writer(dbfile, byteids)
        return ColumnarPostingsWriter(dbfile)

    def postings_reader(
        self,
        dbfile: StructFile,
        terminfo: W3TermInfo,
        format_: Format,
        term: tuple[str, bytes] | None = None,
        scorer: BaseScorer | None = None,
    ) -> ListMatcher:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes reads it as a 1-tuple
            (length,) = length
        return ColumnarMatcher(
            ColumnarPostings(dbfile.get(offset, length)), format_, scorer, term, terminfo
        )
