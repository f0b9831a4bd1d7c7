"""Top-N ranking of plain word queries, whole posting lists at a time, as arrays.

Whoosh scores a query one matching document at a time through a tree of matchers, several Python
calls per document; with common words that is most of a search's time. A word query (terms and
phrases under And/Or) needs only each term's postings, which the columnar codec gives as arrays:
they are intersected or merged as sorted arrays and scored with the same BM25F formula,
statistics, boosts and order of additions as Whoosh's own scorer, so ranking and scores are the
same (a test compares the two). A phrase is matched from the positions in its words' postings:
each position becomes a key ``document << 32 | position - offset in the phrase``, and the keys
every word shares are the phrase's occurrences; no document is verified one by one. Anything
else (fuzzy terms, sorting) goes through Whoosh's own search.
"""

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
from numpy.typing import NDArray

from search.analysis import fold_word
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .codec import ColumnarMatcher, ColumnarPostings, TermRecord, field_lengths

# Per reader: field lengths as Whoosh's scorer reads them, and which documents are live.
_per_reader: weakref.WeakKeyDictionary[IndexReader, dict[str, NDArray[Any]]] = (
    weakref.WeakKeyDictionary()
)

type Docs = NDArray[np.int64]

# Per reader: the filters asked lately (the most kept) and the facet fields' postings.
FILTERS_KEPT = 64
_filters: weakref.WeakKeyDictionary[IndexReader, dict[wq.Query, Docs]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Scored:
    """Documents (sorted, distinct) and their scores."""

    docs: Docs
    scores: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.docs)


NOTHING = Scored(np.empty(0, np.int64), np.empty(0, np.float64))


class Unsupported(Exception):
    """The query has a part that only Whoosh's own matchers evaluate."""


def _cached(reader: IndexReader, key: str, make: Callable[[], NDArray[Any]]) -> NDArray[Any]:
    per_reader = _per_reader.setdefault(reader, {})
    if key not in per_reader:
        per_reader[key] = make()
    return per_reader[key]


def _field_lengths(reader: IndexReader, fieldname: str) -> NDArray[np.int64]:
    def read() -> NDArray[np.int64]:
        parts = [field_lengths(leaf._perdoc, fieldname) for leaf, _offset in reader.leaf_readers()]
        return np.concatenate(parts) if parts else np.empty(0, np.int64)

    return _cached(reader, "length:" + fieldname, read)


def _live(reader: IndexReader) -> NDArray[np.bool_] | None:
    """Whether each document is live; None when none is deleted."""
    if not reader.has_deletions():
        return None

    def read() -> NDArray[np.bool_]:
        live = np.zeros(reader.doc_count_all(), dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), np.int64)] = True
        return live

    return _cached(reader, "live", read)


def _leaf_postings(leaf: IndexReader, fieldname: str, text: str) -> ColumnarPostings | None:
    if (fieldname, text) not in leaf:
        return None
    matcher = leaf.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are left out by document number
    if isinstance(matcher, ColumnarMatcher):
        return matcher.postings
    # A segment written in Whoosh's own format, before the columnar codec.
    positional = matcher.supports("positions")
    ids, weights, positions = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if positional:
            positions.append(matcher.value_as("positions"))
        matcher.next()
    return ColumnarPostings(TermRecord.of(ids, weights, positions if positional else None).record())


@dataclass
class TermPostings:
    """A term's live postings over every segment of a reader."""

    ids: Docs
    weights: NDArray[np.float64]
    leaves: list[tuple[int, ColumnarPostings]]
    live: NDArray[np.bool_] | None

    @classmethod
    def read(cls, reader: IndexReader, fieldname: str, text: str) -> "TermPostings":
        leaves = []
        for leaf, offset in reader.leaf_readers():
            postings = _leaf_postings(leaf, fieldname, text)
            if postings is not None and len(postings):
                leaves.append((offset, postings))
        if not leaves:
            return cls(NOTHING.docs, NOTHING.scores, [], None)
        ids = np.concatenate([p.ids.astype(np.int64) + offset for offset, p in leaves])
        weights = np.concatenate([p.weights for _offset, p in leaves]).astype(np.float64)
        live = _live(reader)
        if live is not None:
            kept = live[ids]
            ids, weights = ids[kept], weights[kept]
        return cls(ids, weights, leaves, live)

    def position_keys(self, shift: int) -> Docs:
        """``document << 32 | position - shift`` of every occurrence, sorted."""
        parts = []
        for offset, postings in self.leaves:
            docs = np.repeat(postings.ids.astype(np.int64) + offset, postings.counts)
            keys = (docs << 32) + postings.positions.astype(np.int64) - shift
            if self.live is not None:
                keys = keys[self.live[docs]]
            parts.append(keys)
        return np.concatenate(parts) if parts else NOTHING.docs


def _common(first: Docs, second: Docs) -> Docs:
    """The values two sorted arrays of distinct values share."""
    if len(first) > len(second):
        first, second = second, first
    if not len(first):
        return first
    at = np.minimum(np.searchsorted(second, first), len(second) - 1)
    return first[second[at] == first]


def _at(scored: Scored, docs: Docs) -> NDArray[np.float64]:
    """The scores of ``docs``, all of which ``scored`` holds."""
    return scored.scores[np.searchsorted(scored.docs, docs)]


def _term_scores(
    searcher: Searcher,
    fieldname: str,
    text: str,
    boost: float,
    weighting: BM25F,
    postings: TermPostings,
) -> Scored:
    """BM25F scores of a term's postings, as ``whoosh.scoring.bm25`` computes them."""
    if not len(postings.ids):
        return NOTHING
    if not searcher.schema[fieldname].scorable:
        return Scored(postings.ids, np.full(len(postings.ids), boost))
    idf = searcher.idf(fieldname, text)
    average = searcher.avg_field_length(fieldname) or 1
    lengths = _field_lengths(searcher.reader(), fieldname)[postings.ids]
    b, k1 = weighting.B, weighting.K1
    factor, base, per_length = idf * (k1 + 1) * boost, k1 * (1 - b), k1 * b / average
    weights = postings.weights
    return Scored(postings.ids, factor * weights / (weights + base + per_length * lengths))


def _sum(parts: Sequence[Scored], docs: Docs) -> Scored:
    """The parts' scores of ``docs`` added up in the parts' order (as Whoosh adds them)."""
    return Scored(docs, reduce(np.add, (_at(part, docs) for part in parts)))


def _phrase_scores(searcher: Searcher, phrase: wq.Phrase, weighting: BM25F) -> Scored:
    """The documents where the phrase's words stand next to each other in order, scored as
    Whoosh's phrase matcher scores them: its words' scores (each at boost 1) summed, times the
    phrase's boost."""
    reader, fieldname = searcher.reader(), phrase.fieldname
    schema = searcher.schema
    if (
        phrase.slop != 1
        or fieldname not in schema
        or not schema[fieldname].format.supports("positions")
    ):
        raise Unsupported(phrase)  # left to Whoosh's own search, which says what is wrong
    words = list(phrase.words)
    if not words or any((fieldname, word) not in reader for word in words):
        return NOTHING
    postings = {word: TermPostings.read(reader, fieldname, word) for word in dict.fromkeys(words)}
    # Rarest word first: each further word only narrows the occurrences found so far.
    steps = sorted(enumerate(words), key=lambda step: len(postings[step[1]].ids))
    occurrences = reduce(_common, (postings[word].position_keys(shift) for shift, word in steps))
    matched = np.unique(occurrences >> 32)
    if not len(matched):
        return NOTHING
    parts = [
        _term_scores(searcher, fieldname, word, 1.0, weighting, postings[word]) for word in words
    ]
    total = _sum(parts, matched)
    return Scored(matched, total.scores * phrase.boost)


def _scores(searcher: Searcher, query: wq.Query, weighting: BM25F) -> Scored:
    if query is wq.NullQuery:
        return NOTHING
    if isinstance(query, wq.Term):
        postings = TermPostings.read(searcher.reader(), query.fieldname, query.text)
        return _term_scores(searcher, query.fieldname, query.text, query.boost, weighting, postings)
    if type(query) is wq.Phrase:
        return _phrase_scores(searcher, query, weighting)
    if type(query) not in (wq.And, wq.Or):
        raise Unsupported(query)
    if not query.subqueries:
        return NOTHING
    parts = [_scores(searcher, sub, weighting) for sub in query.subqueries]
    if type(query) is wq.And:
        return _sum(parts, reduce(_common, (part.docs for part in parts)))
    docs = reduce(np.union1d, (part.docs for part in parts))
    total = np.zeros(len(docs))
    for part in parts:
        total[np.searchsorted(docs, part.docs)] += part.scores
    return Scored(docs, total)


def _all_live(reader: IndexReader) -> Docs:
    live = _live(reader)
    count = reader.doc_count_all()
    return np.arange(count, dtype=np.int64) if live is None else np.flatnonzero(live)


def _filter_docs(searcher: Searcher, query: wq.Query) -> Docs:
    """The documents a filter matches, sorted: terms under And, Or and Not from the posting
    lists, any other query (ranges, prefixes) through Whoosh's matchers."""
    reader = searcher.reader()
    if query is wq.NullQuery:
        return NOTHING.docs
    if isinstance(query, wq.Term):
        return TermPostings.read(reader, query.fieldname, query.text).ids
    if type(query) is wq.Every and not query.fieldname:
        return _all_live(reader)
    if type(query) is wq.Not:
        return np.setdiff1d(_all_live(reader), _filter_docs(searcher, query.query))
    if type(query) is wq.Or:
        return reduce(
            np.union1d, (_filter_docs(searcher, q) for q in query.subqueries), NOTHING.docs
        )
    if type(query) is wq.And and query.subqueries:
        excluded = [q.query for q in query.subqueries if type(q) is wq.Not]
        required = [q for q in query.subqueries if type(q) is not wq.Not]
        docs = (
            reduce(_common, (_filter_docs(searcher, q) for q in required))
            if required
            else _all_live(reader)
        )
        for part in excluded:
            docs = np.setdiff1d(docs, _filter_docs(searcher, part), assume_unique=True)
        return docs
    return np.unique(np.fromiter(searcher.docs_for_query(query), np.int64))


def filter_docs(searcher: Searcher, query: wq.Query) -> Docs:
    """The documents a filter matches; kept per reader, since a site asks the same few
    filters (a content type, a locale, what a visitor may see) on every search."""
    kept = _filters.setdefault(searcher.reader(), {})
    docs = kept.pop(query, None)
    if docs is None:
        docs = _filter_docs(searcher, query)
    kept[query] = docs  # most recently used last
    while len(kept) > FILTERS_KEPT:
        kept.pop(next(iter(kept)))
    return docs


def matching_scores(
    searcher: Searcher, query: wq.Query, filter_query: wq.Query | None
) -> Scored | None:
    """Every document matching the query and the filter, with its score; or None when the
    query needs Whoosh's own search."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or weighting._field_B:
        return None
    try:
        scored = _scores(searcher, query, weighting)
    except Unsupported:
        return None
    if filter_query is not None and len(scored):
        allowed = filter_docs(searcher, filter_query)
        kept = np.isin(scored.docs, allowed, assume_unique=True)
        scored = Scored(scored.docs[kept], scored.scores[kept])
    return scored


@dataclass(frozen=True)
class _Column:
    """A field's terms and, for every posting of them, its document and term number."""

    terms: list[bytes]
    docs: Docs
    term_numbers: NDArray[np.int64]
    holds_any: NDArray[np.bool_]


_columns: weakref.WeakKeyDictionary[IndexReader, dict[str, _Column]] = weakref.WeakKeyDictionary()


def _column(reader: IndexReader, fieldname: str) -> _Column:
    kept = _columns.setdefault(reader, {})
    if fieldname not in kept:
        terms, docs, numbers = [], [], []
        for number, text in enumerate(reader.lexicon(fieldname)):
            ids = TermPostings.read(reader, fieldname, text).ids
            terms.append(text)
            docs.append(ids)
            numbers.append(np.full(len(ids), number, np.int64))
        all_docs = np.concatenate(docs) if docs else NOTHING.docs
        holds_any = np.zeros(reader.doc_count_all(), dtype=bool)
        holds_any[all_docs] = True
        kept[fieldname] = _Column(
            terms, all_docs, np.concatenate(numbers) if numbers else NOTHING.docs, holds_any
        )
    return kept[fieldname]


def term_counts(searcher: Searcher, fieldname: str, docs: Docs) -> dict[bytes | None, int]:
    """How many of ``docs`` hold each term of the field, and under None how many hold none: a
    facet's counts, from the field's postings read once per reader."""
    reader = searcher.reader()
    column = _column(reader, fieldname)
    chosen = np.zeros(reader.doc_count_all(), dtype=bool)
    chosen[docs] = True
    per_term = np.bincount(column.term_numbers[chosen[column.docs]], minlength=len(column.terms))
    counts: dict[bytes | None, int] = {
        text: int(count) for text, count in zip(column.terms, per_term, strict=True) if count
    }
    holding = int(column.holds_any[docs].sum())
    if holding < len(docs):
        counts[None] = len(docs) - holding
    return counts


_spelt: weakref.WeakKeyDictionary[IndexReader, frozenset[str]] = weakref.WeakKeyDictionary()


def spelt_words(reader: IndexReader) -> frozenset[str]:
    """The index's vocabulary (its spelling field) with accents folded, read once per reader:
    a word found there needs no correction, however it was accented."""
    if reader not in _spelt:
        _spelt[reader] = frozenset(fold_word(word) for word in reader.field_terms("spelling"))
    return _spelt[reader]


def top_documents(scored: Scored, limit: int | None) -> list[tuple[float, int]]:
    """[(-score, docnum)] of the ``limit`` best documents, best first, ties by document order."""
    negated, docs = -scored.scores, scored.docs
    if limit is not None and limit < len(docs):
        # Only the documents scoring at least the limit-th best (ties included) are sorted.
        threshold = np.partition(negated, limit - 1)[limit - 1]
        kept = negated <= threshold
        negated, docs = negated[kept], docs[kept]
    order = np.lexsort((docs, negated))[:limit]
    return list(zip(negated[order].tolist(), docs[order].tolist(), strict=True))
