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
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray

from whoosh.codec.base import PerDocumentReader, PostingsWriter
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3PerDocReader,
    W3TermInfo,
    _lenfield,
)
from whoosh.fields import FieldType, Schema
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Format, Frequency, Positions
from whoosh.matching import ListMatcher
from whoosh.scoring import BaseScorer
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

# A posting as Whoosh's writer adds it: (field, term, document number, weight, encoded value);
# in a term pool, a positional field's value may also be its list of positions.
type Value = bytes | list[int]
type Posting = tuple[str, bytes, int, float, Value]
# The formats of the text fields whose terms the writer groups itself (see `index_terms`).
INDEXED_HERE = (Positions, Frequency)

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


@dataclass
class TermRecord:
    """A term's postings to write, sorted by document: for a positional field, the number of
    positions of each and all the positions one after another; for another, each posting's
    value in the field's Whoosh encoding (or none)."""

    ids: NDArray[np.int64]
    weights: NDArray[np.float64]
    counts: NDArray[np.int64] | None = None
    positions: NDArray[np.int64] | None = None
    values: Sequence[bytes] | NDArray[np.int64] | None = None

    @classmethod
    def of(
        cls,
        ids: Sequence[int],
        weights: Sequence[float],
        positions: Sequence[Sequence[int]] | None = None,
        values: Sequence[bytes] | None = None,
    ) -> TermRecord:
        """From lists: ``positions`` per posting for a positional field, else ``values``."""
        postings = cls(np.asarray(ids, np.int64), np.asarray(weights, np.float64), values=values)
        if positions is not None:
            postings.counts = np.fromiter(map(len, positions), np.int64, len(positions))
            postings.positions = np.fromiter(
                (p for ps in positions for p in ps), np.int64, int(postings.counts.sum())
            )
            postings.values = None
        return postings

    def record(self) -> bytes:
        """The bytes of the postings' record. Values given as an array are frequencies, encoded
        as Whoosh's Frequency format encodes them (a big-endian uint32 each)."""
        parts = [
            HEADER.pack(len(self.ids), self.kind),
            self.ids.astype(IDS).tobytes(),
            self.weights.astype(WEIGHTS).tobytes(),
        ]
        if self.kind == POSITIONS:
            assert self.counts is not None and self.positions is not None
            parts += [self.counts.astype(COUNTS).tobytes(), self.positions.astype(COUNTS).tobytes()]
        elif self.kind == ENCODED:
            values = self.values
            if isinstance(values, np.ndarray):
                bounds = np.arange(len(values) + 1, dtype=COUNTS) * 4
                parts += [bounds.tobytes(), values.astype(">u4").tobytes()]
            else:
                assert values is not None
                bounds = np.zeros(len(values) + 1, dtype=COUNTS)
                np.cumsum(np.fromiter(map(len, values), COUNTS, len(values)), out=bounds[1:])
                parts += [bounds.tobytes(), b"".join(values)]
        return b"".join(parts)

    @property
    def kind(self) -> int:
        if self.positions is not None:
            return POSITIONS
        if isinstance(self.values, np.ndarray) or (self.values is not None and any(self.values)):
            return ENCODED
        return NO_VALUES


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
    """Writes a term's postings as one record: whole from a term pool, or gathered posting by
    posting from Whoosh (when it merges segments)."""

    def __init__(self, postfile: StructFile) -> None:
        self._postfile = postfile
        self._terminfo: W3TermInfo | None = None

    def written(self) -> bool:
        return False

    def start_postings(self, format_: Format, terminfo: W3TermInfo) -> None:
        self._format, self._terminfo = format_, terminfo
        self._postings: list[tuple[int, float, bytes]] = []
        self._lengths: list[int] = []

    def add_posting(
        self, id_: int, weight: float, vbytes: bytes, length: int | None = None
    ) -> None:
        self._postings.append((id_, weight, vbytes))
        self._lengths.append(length or 0)

    def finish_postings(self) -> W3TermInfo:
        postings = encoded_postings(self._postings, self._format)
        return self.write_term(postings, np.asarray(self._lengths, np.int64))

    def write_term(self, postings: TermRecord, lengths: NDArray[np.int64]) -> W3TermInfo:
        """Write a term's postings and fill its term info (``lengths``: each document's length
        of the field)."""
        terminfo = self._terminfo
        assert terminfo is not None and len(postings.ids), "a term has postings"
        weights = postings.weights
        terminfo._weight = float(weights.sum())
        terminfo._df = len(postings.ids)
        # As Whoosh's writer: a posting without a length (an unscored field) counts for neither.
        present = lengths[lengths > 0]
        terminfo._minlength = int(present.min()) if len(present) else None
        terminfo._maxlength = int(present.max()) if len(present) else 0
        terminfo._maxweight = float(weights.max())
        terminfo._minid, terminfo._maxid = int(postings.ids[0]), int(postings.ids[-1])
        data = postings.record()
        terminfo.set_extent(self._postfile.tell(), len(data))
        self._postfile.write(data)
        self._terminfo = None
        return terminfo


def encoded_postings(postings: Sequence[tuple[int, float, Value]], format_: Format) -> TermRecord:
    """A term's (document, weight, value) postings; a positional field's values are decoded
    (a pool holds its own as lists already)."""
    ids, weights, values = zip(*postings, strict=True)
    if type(format_) is Positions:
        decode = format_.decode_positions
        positions = [v if isinstance(v, list) else decode(v) for v in values]
        return TermRecord.of(ids, weights, positions=positions)
    return TermRecord.of(ids, weights, values=values)


def index_terms(field: FieldType, value: Any) -> list[str] | None:
    """The terms, in order, of a text field of Praxis's analysers (their ``index_terms``), which
    the writer groups itself; None for any other field, which Whoosh's ``field.index`` reads."""
    analyse = getattr(field.analyzer, "index_terms", None) if field.analyzer else None
    if analyse is None or not isinstance(value, str) or type(field.format) not in INDEXED_HERE:
        return None
    terms: list[str] = analyse(value)
    return terms


class _TokenStream:
    """A text field's terms in the order of the documents added, as numbers into its own
    vocabulary; grouped into postings by term at the end, with numpy."""

    def __init__(self, format_: Format) -> None:
        self.positional = type(format_) is Positions
        self.format_boost = format_.field_boost
        self.vocabulary: dict[str, int] = {}
        self.term_numbers = array("I")
        self.docnums: list[int] = []
        self.counts: list[int] = []
        self.boosts: list[float] = []

    def add(self, docnum: int, terms: list[str], boost: float) -> None:
        vocabulary = self.vocabulary
        for term in set(terms).difference(vocabulary):
            vocabulary[term] = len(vocabulary)
        self.term_numbers.extend(map(vocabulary.__getitem__, terms))
        self.docnums.append(docnum)
        self.counts.append(len(terms))
        self.boosts.append(boost)

    def postings(self) -> dict[bytes, TermRecord]:
        """Each term's postings, weighted as Whoosh weighs them (the frequency, times the
        format's boost, times the document's boost for the field)."""
        if not self.term_numbers:
            return {}
        counts = np.asarray(self.counts, np.int64)
        numbers = np.frombuffer(self.term_numbers, np.uint32).astype(np.int64)
        docs = np.repeat(np.asarray(self.docnums, np.int64), counts)
        first_of_document = np.repeat(np.cumsum(counts) - counts, counts)
        positions = np.arange(len(numbers)) - first_of_document
        boosts = np.repeat(np.asarray(self.boosts, np.float64), counts)
        # Sorted by term, keeping each term's tokens in document and position order.
        order = np.argsort(numbers, kind="stable")
        numbers, docs, positions, boosts = (
            numbers[order],
            docs[order],
            positions[order],
            boosts[order],
        )
        # A posting starts where the term or the document changes; a term, where the term does.
        changed = np.ones(len(numbers), dtype=bool)
        changed[1:] = (numbers[1:] != numbers[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(changed)
        frequencies = np.diff(np.append(starts, len(numbers)))
        weights = frequencies * self.format_boost * boosts[starts]
        posting_terms = numbers[starts]
        term_starts = np.flatnonzero(np.r_[True, posting_terms[1:] != posting_terms[:-1]])
        term_ends = np.append(term_starts[1:], len(starts))
        token_bounds = np.append(starts, len(numbers))
        terms = list(self.vocabulary)
        found = {}
        for first, end in zip(term_starts.tolist(), term_ends.tolist(), strict=True):
            postings = TermRecord(docs[starts[first:end]], weights[first:end])
            if self.positional:
                postings.counts = frequencies[first:end]
                postings.positions = positions[token_bounds[first] : token_bounds[end]]
            else:
                postings.values = frequencies[first:end]
            found[terms[posting_terms[first]].encode()] = postings
        return found


class TermPool:
    """Postings gathered by term as a writer adds them, in place of Whoosh's pool, which sorts
    every posting as a tuple (and spills runs to disk). Text fields the writer analyses itself
    come as token streams; any other posting (another field's, a merged segment's) as a tuple."""

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], list[tuple[int, float, Value]]] = {}
        self._streams: dict[str, _TokenStream] = {}

    def add(self, item: Posting) -> None:
        fieldname, text, docnum, weight, value = item
        postings = self._terms.get((fieldname, text))
        if postings is None:
            self._terms[fieldname, text] = postings = []
        postings.append((docnum, weight, value))

    def add_terms(
        self, fieldname: str, format_: Format, docnum: int, terms: list[str], boost: float
    ) -> None:
        """A document's terms of a text field, in order."""
        stream = self._streams.get(fieldname)
        if stream is None:
            stream = self._streams[fieldname] = _TokenStream(format_)
        stream.add(docnum, terms, boost)

    def terms(self, schema: Schema) -> Iterator[tuple[str, bytes, TermRecord]]:
        """Every field of the schema with its terms, in order, and their postings."""
        by_field: dict[str, dict[bytes, TermRecord]] = {
            name: stream.postings() for name, stream in self._streams.items()
        }
        for (fieldname, text), postings in self._terms.items():
            if fieldname not in schema:
                continue  # a field removed from the schema, in a merged segment
            postings.sort()  # already sorted unless a merge added documents out of order
            format_ = schema[fieldname].format
            found = by_field.setdefault(fieldname, {})
            streamed = found.get(text)
            if streamed is not None:  # a merged segment's postings beside added documents'
                postings = sorted([*postings, *_as_tuples(streamed)])
            found[text] = encoded_postings(postings, format_)
        for fieldname in sorted(by_field):
            terms = by_field[fieldname]
            for text in sorted(terms):
                yield fieldname, text, terms[text]

    def cleanup(self) -> None:
        self._terms.clear()
        self._streams.clear()


def _as_tuples(postings: TermRecord) -> list[tuple[int, float, Value]]:
    if postings.positions is not None and postings.counts is not None:
        bounds = np.append(0, np.cumsum(postings.counts)).tolist()
        values: list[Value] = [postings.positions[a:b].tolist() for a, b in pairwise(bounds)]
    else:
        assert isinstance(postings.values, np.ndarray)
        values = [pack_uint(int(f)) for f in postings.values]
    return list(zip(postings.ids.tolist(), postings.weights.tolist(), values, strict=True))


# A length as Whoosh stores it (one byte, approximate above a few dozen), by its byte.
_LENGTH_OF_BYTE = np.array([byte_to_length(byte) for byte in range(256)], np.int64)


def field_lengths(perdoc: PerDocumentReader, fieldname: str) -> NDArray[np.int64]:
    """Every document's length of the field (0 where none) from the segment's lengths column,
    read whole: Whoosh reads it one document at a time."""
    lengths = np.zeros(perdoc.doc_count_all(), np.int64)
    if not isinstance(perdoc, W3PerDocReader):
        length = perdoc.doc_field_length
        return np.fromiter((length(d, fieldname) or 0 for d in range(len(lengths))), np.int64)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is not None:
        stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), np.uint8)
        lengths[: len(stored)] = _LENGTH_OF_BYTE[stored]
    return lengths


class ColumnarFieldWriter(W3FieldWriter):
    """Writes a pool's terms whole, reading each field's lengths once rather than per posting."""

    def add_terms(self, schema: Schema, lengths: PerDocumentReader, pool: TermPool) -> None:
        lengths_of_field: NDArray[np.int64] = np.empty(0, np.int64)
        current = None
        for fieldname, text, postings in pool.terms(schema):
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                current = fieldname
                self.start_field(fieldname, schema[fieldname])
                lengths_of_field = field_lengths(lengths, fieldname)
            self.start_term(text)
            terminfo = self._postwriter.write_term(postings, lengths_of_field[postings.ids])
            self._tindex.add(pack_ushort(self._fieldid) + text, terminfo.to_bytes())
        if current is not None:
            self.finish_field()


class ColumnarSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, gathering postings by term and writing them whole."""

    def __init__(self, index, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(index, codec=ColumnarCodec(), **kwargs)
        self.pool.cleanup()
        self.pool: TermPool = TermPool()

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, with the text fields of Praxis's analysers handed to the
        pool as terms in order (see `index_terms`); a schema with term vectors or separate
        spelling fields (Praxis's have neither) goes through Whoosh's."""
        self._check_state()
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        if any(schema[name].vector or schema[name].separate_spelling() for name in names):
            super().add_document(**fields)
            return
        writer, docnum, pool = self.perdocwriter, self.docnum, self.pool
        document_boost = self._doc_boost(fields)
        writer.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, name, document_boost)
                    terms = index_terms(field, value)
                    if terms is not None:
                        pool.add_terms(name, field.format, docnum, terms, boost)
                        length = len(terms)
                    else:
                        for term, frequency, weight, encoded in field.index(value):
                            pool.add((name, term, docnum, weight * boost, encoded))
                            length += frequency
                    length = length if field.scorable else 0
                stored = fields.get(f"_stored_{name}", value)
                writer.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    writer.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            writer.cancel_doc()
            raise
        writer.finish_doc()
        self._added = True
        self.docnum += 1

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
