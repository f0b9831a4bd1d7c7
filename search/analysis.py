"""Text analysis for Praxis's three languages, shared by indexing, querying and highlighting.

One tokenizer serves every language: runs of Han, kana or hangul become overlapping bigrams (so
社会工作 finds 社会工作者 without a dictionary), other words are Unicode word runs. Every token
is lower-cased and accent-folded (so ``intervencion`` finds ``intervención``); Spanish and English
words are then stemmed with Snowball. Each document is analysed in its own language: the indexer
puts a short language marker in front of the text and the analyser reads it, which keeps one
Whoosh field per search field instead of one per language. Folding and stemming happen in the
tokenizer, once per distinct word: a text repeats its words, so most are looked up, not stemmed.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh.analysis import (
    Analyzer,
    LowercaseFilter,
    NgramFilter,
    Token,
    Tokenizer,
)
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

CJK = "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
TOKEN_PATTERN = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<word>(?:(?![{CJK}])\w)+)")
CJK_RUN = re.compile(rf"[{CJK}]")
WORD_RUN = re.compile(r"\w+")  # what TOKEN_PATTERN finds in a text without CJK

# Snowball stemmers by language; a language without one (Chinese) is not stemmed.
STEMMED_LANGUAGES = ("es", "en")
MARKER = "\x1f"
# Autocomplete matches the start of words up to this length; longer query words are cut to it.
AUTOCOMPLETE_MAX = 15
# Words each language's normaliser remembers before it starts again.
WORDS_REMEMBERED = 200_000


def base_language(language_code: str | None) -> str:
    """``zh-hans`` → ``zh``, ``en-gb`` → ``en``: stemmers go by the base language."""
    return (language_code or "").split("-")[0].split("_")[0].lower()


def mark(text: str, language: str | None) -> str:
    """Text prefixed with its language, for the analyser to pick the stemmer."""
    return f"{MARKER}{base_language(language)}{MARKER}{text}"


def unmark(value: str) -> tuple[str, int]:
    """(language, offset of the text) of a marked value; ('', 0) if it carries no marker."""
    if value.startswith(MARKER):
        end = value.find(MARKER, 1)
        if end > 0:
            return value[1:end], end + 1
    return "", 0


def _normaliser(stem: Callable[[str], str] | None) -> Callable[[str], str]:
    """A word lower-cased, accent-folded and, with `stem`, stemmed; each distinct word once."""
    seen: dict[str, str] = {}

    def normalise(word: str) -> str:
        found = seen.get(word)
        if found is None:
            found = fold_word(word)
            if stem is not None:
                found = stem(found)
            if len(seen) >= WORDS_REMEMBERED:
                seen.clear()
            seen[word] = found
        return found

    return normalise


_NORMALISE = {
    language: _normaliser(stemmer_for_language(language)) for language in STEMMED_LANGUAGES
}
_FOLD_WORD = _normaliser(None)


def _pieces(value: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each word run of ``value``, a CJK run as its overlapping bigrams."""
    for match in TOKEN_PATTERN.finditer(value):
        run, start = match.group(), match.start()
        if match.lastgroup == "cjk" and len(run) > 1:
            for offset in range(len(run) - 1):
                yield start + offset, run[offset : offset + 2]
        else:
            yield start, run


def _words(value: str) -> list[str]:
    """The texts `_pieces` gives, as a list (for indexing, where offsets are not needed): a
    text without CJK is its word runs, found in one call."""
    if not CJK_RUN.search(value):
        return WORD_RUN.findall(value)
    found: list[str] = []
    for cjk, word in TOKEN_PATTERN.findall(value):
        if word:
            found.append(word)
        elif len(cjk) > 1:
            found += [cjk[offset : offset + 2] for offset in range(len(cjk) - 1)]
        else:
            found.append(cjk)
    return found


class MultilingualTokenizer(Tokenizer):
    """Word runs, with CJK runs split into overlapping bigrams, each given as `normalise`
    makes it (as written, by default)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        normalise: Callable[[str], str] | None = None,
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, (offset, text) in enumerate(_pieces(value), start_pos):
            token.text = normalise(text) if normalise is not None else text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + offset
                token.endchar = token.startchar + len(text)
            yield token


TokenStream = Iterable[Token]


class PraxisAnalyzer(Analyzer):
    """Tokenise, fold and stem a value in the language its marker names (unmarked: no stemming)."""

    def __init__(self, default_language: str = "") -> None:
        self.default_language = base_language(default_language)

    def __call__(self, value: str, start_char: int = 0, **kwargs: Any) -> TokenStream:
        language, offset = unmark(value)
        return MultilingualTokenizer()(
            value[offset:],
            start_char=start_char + offset,
            normalise=_NORMALISE.get(language or self.default_language, _FOLD_WORD),
            **kwargs,
        )

    def index_terms(self, value: str) -> list[str]:
        """The terms ``value`` is indexed under, in order (what `__call__` gives when indexing,
        without a Token per word: the indexer's fast path)."""
        language, offset = unmark(value)
        normalise = _NORMALISE.get(language or self.default_language, _FOLD_WORD)
        return list(map(normalise, _words(value[offset:])))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.default_language == self.default_language

    def has_morph(self) -> bool:
        return True


class AutocompleteAnalyzer(Analyzer):
    """Edge n-grams of folded, unstemmed words: ``py`` matches ``Python``."""

    def __call__(self, value: str, mode: str = "", **kwargs: Any) -> TokenStream:
        _language, offset = unmark(value)
        tokens = MultilingualTokenizer()(value[offset:], mode=mode, normalise=_FOLD_WORD, **kwargs)
        if mode == "query":
            return tokens
        return NgramFilter(minsize=1, maxsize=AUTOCOMPLETE_MAX, at="start")(tokens)

    def index_terms(self, value: str) -> list[str]:
        """Every word's starts, in order, as `__call__` gives them when indexing."""
        _language, offset = unmark(value)
        return [
            word[:size]
            for word in map(_FOLD_WORD, _words(value[offset:]))
            for size in range(1, min(AUTOCOMPLETE_MAX, len(word)) + 1)
        ]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)


class SpellingAnalyzer(Analyzer):
    """Lower-cased words as written, the vocabulary that "did you mean" suggests from."""

    def __call__(self, value: str, **kwargs: Any) -> TokenStream:
        _language, offset = unmark(value)
        return LowercaseFilter()(MultilingualTokenizer()(value[offset:], **kwargs))

    def index_terms(self, value: str) -> list[str]:
        """The words, lower-cased, in order, as `__call__` gives them."""
        _language, offset = unmark(value)
        return [word.lower() for word in _words(value[offset:])]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)


def terms(text: str, language: str | None) -> list[str]:
    """The index terms that ``text`` yields when analysed in ``language``."""
    return [token.text for token in PraxisAnalyzer()(mark(text, language), mode="query")]


def fold_word(word: str) -> str:
    """One word lower-cased and without accents, as `fold` gives it, without tokenising."""
    return word.lower().translate(accent_map)


def fold(text: str) -> str:
    """Lower-cased and without accents: how the index compares words."""
    return "".join(token.text for token in MultilingualTokenizer()(text, normalise=_FOLD_WORD))


def words(text: str) -> list[str]:
    """The words of ``text`` (CJK as bigrams), lower-cased but neither folded nor stemmed."""
    return [token.text for token in SpellingAnalyzer()(text)]
