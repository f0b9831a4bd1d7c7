"""Highlighted snippets: the query's words marked in a text, analysed as the index analyses them.

Works on any search backend, since it only needs the text and the query: a word matches when its
folded stem equals a query word's (so ``intervencion`` marks ``intervenciones``), and CJK bigrams
mark the characters they cover.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from search.analysis import PraxisAnalyzer, mark, terms

SNIPPET_LENGTH = 220


def _spans(text: str, query: str, language: str) -> list[tuple[int, int]]:
    wanted = set(terms(query, language))
    if not wanted:
        return []
    marked = mark(text, language)
    offset = len(marked) - len(text)
    spans: list[tuple[int, int]] = []
    for token in PraxisAnalyzer()(marked, chars=True, mode="index"):
        if token.text in wanted:
            start, end = token.startchar - offset, token.endchar - offset
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return spans


def highlight(text: str, query: str, language: str, whole: bool = False) -> SafeString:
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
    html = format_html("{}", "…" if start else "")
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        html += format_html("{}<mark>{}</mark>", text[cursor:span_start], text[span_start:span_end])
        cursor = span_end
    return html + format_html("{}{}", text[cursor:end], "…" if end < len(text) else "")
