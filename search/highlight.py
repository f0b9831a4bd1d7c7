"""Highlighted snippets: the query's words marked in a text, analysed as the index analyses them.

Works on any search backend, since it only needs the text and the query: a word matches when its
folded stem equals a query word's (so ``intervencion`` marks ``intervenciones``), and CJK bigrams
mark the characters they cover.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.analysis import PraxisAnalyzer, mark, terms

SNIPPET_LENGTH = 220


def _spans(text, query, language):
    wanted = set(terms(query, language))
    if not wanted:
        return []
    marked = mark(text, language)
    offset = len(marked) - len(text)
    spans = []
    for token in PraxisAnalyzer()(marked, chars=True, mode="index"):
        if token.text in wanted:
            start, end = token.startchar - offset, token.endchar - offset
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return spans


def highlight(text, query, language, whole=False):
    """HTML of ``text`` (or of a window around its first match) with matches in ``<mark>``."""
    text = " ".join(text.split())
    spans = _spans(text, query, language)
    start, end = 0, len(text)
    if not whole and len(text) > SNIPPET_LENGTH:
        first = spans[0][0] if spans else 0
        start = max(0, first - SNIPPET_LENGTH // 4)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + SNIPPET_LENGTH)
    parts = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
