"""Top-N ranking of plain word queries, a whole posting list at a time.

Whoosh scores a query one matching document at a time through a tree of matchers, several Python
calls per document; with common words that is most of a search's time. A word query (terms under
And/Or) needs only each term's postings: they are read into dicts, combined with set operations
and scored with the same BM25F formula, statistics and boosts as Whoosh's own scorer, so the
ranking is the same (a test compares the two). A phrase is matched from the positions in its
words' postings, decoded only for the documents holding every word, and scored as Whoosh scores
it (the sum of its words' scores, times its boost). Anything else — fuzzy terms, sorting — goes
through Whoosh's own search.
"""

import heapq
import weakref
from collections.abc import Iterable, Mapping, Sequence

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

# Field lengths per reader: a list indexed by document number, read once per reader.
_lengths: weakref.WeakKeyDictionary[IndexReader, dict[str, list[int]]] = weakref.WeakKeyDictionary()
# {document number: weight} of a term's postings, or {document number: score}.
type Postings = dict[int, float]


class Unsupported(Exception):
    """The query has a part that only Whoosh's own matchers evaluate."""


def _field_lengths(reader: IndexReader, fieldname: str) -> list[int]:
    per_reader = _lengths.setdefault(reader, {})
    if fieldname not in per_reader:
        length = reader.doc_field_length
        per_reader[fieldname] = [length(d, fieldname, 1) for d in range(reader.doc_count_all())]
    return per_reader[fieldname]


def _postings(reader: IndexReader, fieldname: str, text: str) -> Postings:
    """{docnum: weight} of a term, read a block at a time where the codec allows it."""
    postings: Postings = {}
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        deleted = ()
        if isinstance(matcher, FilterMatcher):
            matcher, deleted = matcher.child, leaf.deleted_docs_set
        if type(matcher) is not W3LeafMatcher:
            postings.update(
                (d + offset, w) for d, w in matcher.items_as("weight") if d not in deleted
            )
            continue
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            kept: Iterable[tuple[int, float]] = zip(matcher._ids, matcher._weights, strict=True)
            if deleted:
                kept = [(doc, weight) for doc, weight in kept if doc not in deleted]
            if offset:
                kept = ((doc + offset, weight) for doc, weight in kept)
            postings.update(kept)
            matcher._next_block()
    return postings


def _positions(
    reader: IndexReader, fieldname: str, text: str, docs: set[int]
) -> dict[int, list[int]]:
    """{docnum: positions} of a term in ``docs`` (live documents), decoded only for them."""
    decode = reader.schema[fieldname].format.decode_positions
    found: dict[int, list[int]] = {}
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child  # deleted documents are not in ``docs``
        if type(matcher) is not W3LeafMatcher:
            while matcher.is_active():
                if matcher.id() + offset in docs:
                    found[matcher.id() + offset] = matcher.value_as("positions")
                matcher.next()
            continue
        while matcher.is_active():
            matcher._read_ids()
            wanted = [i for i, doc in enumerate(matcher._ids) if doc + offset in docs]
            if wanted:
                matcher._read_values()
                for i in wanted:
                    found[matcher._ids[i] + offset] = decode(matcher._values[i])
            matcher._next_block()
    return found


def _phrase_scores(searcher: Searcher, phrase: wq.Phrase, weighting: BM25F) -> Postings:
    """The documents where the phrase's words stand next to each other in order, scored as
    Whoosh's phrase matcher scores them: its words' scores (each at boost 1) summed, times the
    phrase's boost."""
    if phrase.slop != 1:
        raise Unsupported(phrase)
    reader, fieldname = searcher.reader(), phrase.fieldname
    words = list(phrase.words)
    if any((fieldname, word) not in reader for word in words):
        return {}
    weights = {word: _postings(reader, fieldname, word) for word in dict.fromkeys(words)}
    candidates = set.intersection(*(set(postings) for postings in weights.values()))
    if not candidates:
        return {}
    positions = {word: _positions(reader, fieldname, word, candidates) for word in weights}
    first, following = words[0], list(enumerate(words[1:], start=1))
    matched = set()
    for doc in candidates:
        later = [(step, set(positions[word][doc])) for step, word in following]
        if any(
            all(start + step in held for step, held in later) for start in positions[first][doc]
        ):
            matched.add(doc)
    if not matched:
        return {}
    parts = [
        _term_scores(
            searcher, wq.Term(fieldname, word), weighting, {d: weights[word][d] for d in matched}
        )
        for word in words
    ]
    return {doc: score * phrase.boost for doc, score in _sum(parts, matched).items()}


def _term_postings(searcher: Searcher, term: wq.Term) -> Postings:
    reader = searcher.reader()
    if (term.fieldname, term.text) not in reader:
        return {}
    return _postings(reader, term.fieldname, term.text)


def _term_scores(
    searcher: Searcher, term: wq.Term, weighting: BM25F, postings: Mapping[int, float]
) -> Postings:
    """BM25F scores of ``postings`` ({docnum: weight}) for ``term``."""
    fieldname, text = term.fieldname, term.text
    if not postings:
        return {}
    if not searcher.schema[fieldname].scorable:
        return dict.fromkeys(postings, term.boost)
    idf = searcher.idf(fieldname, text)
    average = searcher.avg_field_length(fieldname) or 1
    lengths = _field_lengths(searcher.reader(), fieldname)
    # bm25() of whoosh.scoring, unrolled: one expression per posting instead of a call.
    b, k1 = weighting.B, weighting.K1
    factor, base, per_length = idf * (k1 + 1) * term.boost, k1 * (1 - b), k1 * b / average
    return {
        doc: factor * weight / (weight + base + per_length * lengths[doc])
        for doc, weight in postings.items()
    }


def _sum(parts: Sequence[Mapping[int, float]], docs: Iterable[int]) -> Postings:
    total = {doc: parts[0][doc] for doc in docs}
    for part in parts[1:]:
        total = {doc: score + part[doc] for doc, score in total.items()}
    return total


def _scores(searcher: Searcher, query: wq.Query, weighting: BM25F) -> Postings:
    if query is wq.NullQuery:
        return {}
    if isinstance(query, wq.Term):
        return _term_scores(searcher, query, weighting, _term_postings(searcher, query))
    if type(query) is wq.Phrase:
        return _phrase_scores(searcher, query, weighting)
    if type(query) not in (wq.And, wq.Or):
        raise Unsupported(query)
    subqueries = query.subqueries
    if not subqueries:
        return {}
    if type(query) is wq.And:
        if all(type(sub) is wq.Term for sub in subqueries):
            # Score only the documents every term matches.
            postings = [_term_postings(searcher, sub) for sub in subqueries]
            common = set(postings[0]).intersection(*postings[1:])
            parts = [
                _term_scores(searcher, sub, weighting, {d: p[d] for d in common})
                for sub, p in zip(subqueries, postings, strict=True)
            ]
        else:
            parts = [_scores(searcher, sub, weighting) for sub in subqueries]
            common = set(parts[0]).intersection(*parts[1:])
        return _sum(parts, common) if common else {}
    combined: Postings = {}
    for part in (_scores(searcher, sub, weighting) for sub in subqueries):
        for doc, score in part.items():
            combined[doc] = combined.get(doc, 0.0) + score
    return combined


def matching_scores(
    searcher: Searcher, query: wq.Query, filter_query: wq.Query | None
) -> Postings | None:
    """{docnum: score} of every document matching the query and the filter; or None when the
    query needs Whoosh's own search."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or weighting._field_B:
        return None
    try:
        scores = _scores(searcher, query, weighting)
    except Unsupported:
        return None
    if filter_query is not None and scores:
        allowed = set(searcher.docs_for_query(filter_query))
        scores = {doc: score for doc, score in scores.items() if doc in allowed}
    return scores


def term_counts(searcher: Searcher, fieldname: str, docs: set[int]) -> dict[bytes | None, int]:
    """How many of ``docs`` hold each term of the field, and under None how many hold none: a
    facet's counts, from a posting list per value (a facet has few)."""
    reader = searcher.reader()
    counts: dict[bytes | None, int] = {}
    holding: set[int] = set()
    for text in reader.lexicon(fieldname):
        found = docs.intersection(_postings(reader, fieldname, text))
        if found:
            counts[text] = len(found)
            holding |= found
    if len(holding) < len(docs):
        counts[None] = len(docs) - len(holding)
    return counts


def top_documents(
    searcher: Searcher, query: wq.Query, filter_query: wq.Query | None, limit: int | None
) -> list[tuple[float, int]] | None:
    """[(-score, docnum)] of the ``limit`` best documents, best first, ties by document order;
    or None when the query needs Whoosh's own search."""
    scores = matching_scores(searcher, query, filter_query)
    if scores is None:
        return None
    ranked = ((-score, doc) for doc, score in scores.items())
    return sorted(ranked) if limit is None else heapq.nsmallest(limit, ranked)
