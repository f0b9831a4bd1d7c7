"""A Wagtail / modelsearch backend on Whoosh (whoosh-reloaded): search with no server to run.

Configure it with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.whoosh",
"PATH": <index directory>}}``. ``LANGUAGE`` (default: ``LANGUAGE_CODE``) is the language of objects
that have no locale; ``LANGUAGES`` (default: the site's ``LANGUAGES``) are the stemmers a query
is analysed with.
"""

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, Model, OrderBy, QuerySet, Subquery
from django.db.models.sql import Query
from django.db.models.sql.constants import MULTI, SINGLE
from modelsearch.backends.base import (
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FieldError,
    FilterFieldError,
    OrderByFieldError,
    get_model_root,
)
from modelsearch.index import BaseField, FilterField, Indexed, RelatedFields, get_indexed_models
from modelsearch.query import (
    And,
    Boost,
    Fuzzy,
    MatchAll,
    Not,
    Or,
    Phrase,
    PlainText,
    SearchQuery,
)

from search.analysis import (
    AUTOCOMPLETE_MAX,
    CJK_RUN,
    AutocompleteAnalyzer,
    MultilingualTokenizer,
    base_language,
    fold,
    fold_word,
    terms,
)
from whoosh import query as wq
from whoosh import sorting
from whoosh.reading import IndexReader
from whoosh.searching import Results, Searcher

from .index import WhooshIndex
from .ranking import Scored, matching_scores, spelt_words, term_counts, top_documents
from .schema import (
    Column,
    ColumnValue,
    IndexField,
    boost_field_name,
    filter_column,
    search_column,
)

# A query longer than this is cut: nobody types more, and each word costs a lookup per field.
MAX_QUERY_WORDS = 32
MAX_FUZZY_WORDS = 8

# Whoosh fields searched, each with its boost.
type BoostedFields = Sequence[tuple[str, float]]


def everything_but(query: wq.Query) -> wq.Query:
    """Whoosh's Not only excludes; matching "all documents except" needs Every beside it."""
    return wq.And([wq.Every(), wq.Not(query)])


def fuzzy_distance(word: str) -> int:
    """Edits allowed for a fuzzy word, as Elasticsearch's AUTO: none up to 2 letters, 1 up to 5."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"
    # ``F("title").desc()`` is read as ``-title``; where nulls go is Whoosh's choice.
    HANDLES_ORDER_BY_EXPRESSIONS = True

    def __init__(
        self, queryset: QuerySet[Model], query: str | SearchQuery | None, **kwargs: Any
    ) -> None:
        super().__init__(queryset, query, **kwargs)
        self.model: type[Indexed] = self.queryset.model
        self.root_model = get_model_root(self.model)

    # Fields searched, with their boosts

    def text_fields(self) -> list[tuple[str, float]]:
        if self.fields:
            searchable = {f.field_name: f for f in self.model.get_searchable_search_fields()}
            return [
                (search_column(self.model, searchable[name]), float(searchable[name].boost or 1))
                for name in self.fields
            ]
        boosts = {
            float(field.boost)
            for model in self._indexed_subclasses()
            for field in _all_search_fields(model.get_search_fields())
            if getattr(field, "boost", None) and float(field.boost) != 1.0
        }
        return [("all", 1.0)] + [(boost_field_name(b), b) for b in sorted(boosts)]

    def _indexed_subclasses(self) -> list[type[Indexed]]:
        return [m for m in get_indexed_models() if issubclass(m, self.model)]

    # Text queries

    # The languages a query is analysed in; the backend sets them from its settings.
    languages: Sequence[str] = ()

    def word_variants(self, text: str) -> list[list[str]]:
        """The terms of each distinct query word: its stem in every language (a word repeated
        in the query is searched once; at most MAX_QUERY_WORDS words)."""
        by_language = [terms(text, language) for language in self.languages]
        count = min(len(t) for t in by_language) if by_language else 0
        words = (tuple(dict.fromkeys(t[i] for t in by_language)) for i in range(count))
        return [list(variants) for variants in dict.fromkeys(words)][:MAX_QUERY_WORDS]

    # The open index's reader, set before compiling: terms it does not hold are left out, so
    # that a word usually becomes one term query instead of a union over languages and fields.
    reader: IndexReader | None = None

    def any_of(self, fields: BoostedFields, texts: Sequence[str], boost: float) -> wq.Query:
        """One query matching any of ``texts`` in any of ``fields`` (NullQuery if none exist)."""
        leaves = [
            wq.Term(field, text, boost=field_boost * boost)
            for field, field_boost in fields
            for text in texts
            if self.reader is None or (field, text) in self.reader
        ]
        if not leaves:
            return wq.NullQuery
        return leaves[0] if len(leaves) == 1 else wq.Or(leaves)

    def combine(self, clauses: Sequence[wq.Query], operator: str) -> wq.Query:
        if operator == "and":
            if any(clause is wq.NullQuery for clause in clauses):
                return wq.NullQuery
            return clauses[0] if len(clauses) == 1 else wq.And(clauses)
        clauses = [clause for clause in clauses if clause is not wq.NullQuery]
        if not clauses:
            return wq.NullQuery
        return clauses[0] if len(clauses) == 1 else wq.Or(clauses)

    def compile_plain_text(self, query: PlainText, fields: BoostedFields, boost: float) -> wq.Query:
        words = self.word_variants(query.query_string)
        if not words:
            return wq.NullQuery
        return self.combine([self.any_of(fields, v, boost) for v in words], query.operator)

    def compile_phrase(self, query: Phrase, fields: BoostedFields, boost: float) -> wq.Query:
        alternatives = []
        for language in self.languages:
            words = terms(query.query_string, language)[:MAX_QUERY_WORDS]
            if not words:
                continue
            for field, field_boost in fields:
                if len(words) == 1:
                    alternatives.append(wq.Term(field, words[0], boost=field_boost * boost))
                else:
                    alternatives.append(wq.Phrase(field, words, boost=field_boost * boost))
        return wq.Or(list(dict.fromkeys(alternatives))) if alternatives else wq.NullQuery

    def compile_fuzzy(self, query: Fuzzy, fields: BoostedFields, boost: float) -> wq.Query:
        words = self.word_variants(query.query_string)[:MAX_FUZZY_WORDS]
        if not words:
            return wq.NullQuery
        clauses = []
        for variants in words:
            alternatives = []
            for field, field_boost in fields:
                for variant in variants:
                    distance = fuzzy_distance(variant)
                    if distance:
                        alternatives.append(
                            wq.FuzzyTerm(
                                field,
                                variant,
                                boost=field_boost * boost,
                                maxdist=distance,
                                prefixlength=1,
                            )
                        )
                    else:
                        alternatives.append(wq.Term(field, variant, boost=field_boost * boost))
            clauses.append(wq.Or(alternatives))
        return self.combine(clauses, query.operator)

    def compile(self, query: SearchQuery, fields: BoostedFields, boost: float = 1.0) -> wq.Query:
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            return self.compile_plain_text(query, fields, boost * query.boost)
        if isinstance(query, Phrase):
            return self.compile_phrase(query, fields, boost)
        if isinstance(query, Fuzzy):
            return self.compile_fuzzy(query, fields, boost)
        if isinstance(query, Boost):
            return self.compile(query.subquery, fields, boost * query.boost)
        if isinstance(query, And):
            return wq.And([self.compile(q, fields, boost) for q in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self.compile(q, fields, boost) for q in query.subqueries])
        if isinstance(query, Not):
            return everything_but(self.compile(query.subquery, fields, boost))
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported by the Whoosh search backend."
        )

    def text_query(self) -> wq.Query:
        return self.compile(self.query, self.text_fields())

    # Filters

    def _process_lookup(
        self, field_path: Sequence[IndexField], lookup: str, value: Any
    ) -> wq.Query | None:
        name, column = filter_column(self.model, field_path)
        if isinstance(value, Query | Subquery):
            query = value.query if isinstance(value, Subquery) else value
            compiler = query.get_compiler(self.queryset._db or DEFAULT_DB_ALIAS)
            if lookup == "in":
                rows = compiler.execute_sql(result_type=MULTI)
                value = [row[0] for chunk in rows for row in chunk]
            else:
                row = compiler.execute_sql(result_type=SINGLE)
                value = row[0] if row else None
        if lookup == "exact" and value is None:
            lookup, value = "isnull", True
        if lookup == "isnull":
            present = wq.Term("meta_present", name)
            return everything_but(present) if value else present
        if lookup == "exact":
            return wq.Term(name, column.convert(value))
        if lookup == "in":
            values = [column.convert(v) for v in value]
            return wq.Or([wq.Term(name, v) for v in values]) if values else wq.NullQuery
        if lookup in ("startswith", "prefix"):
            return wq.Prefix(name, column.convert(value))
        bounds = {
            "gt": (value, None, True, False),
            "gte": (value, None, False, False),
            "lt": (None, value, False, True),
            "lte": (None, value, False, False),
        }
        if lookup == "range":
            bounds["range"] = (value[0], value[1], False, False)
        if lookup in bounds:
            start, end, start_excluded, end_excluded = bounds[lookup]
            return self._range(name, column, start, end, start_excluded, end_excluded)
        return None

    def _range(
        self,
        name: str,
        column: Column,
        start: object,
        end: object,
        start_excluded: bool,
        end_excluded: bool,
    ) -> wq.Query:
        start, end = column.convert(start), column.convert(end)
        if column.internal_type in ("DateField", "DateTimeField"):
            return wq.DateRange(name, start, end, startexcl=start_excluded, endexcl=end_excluded)
        if isinstance(start or end, str):
            return wq.TermRange(name, start, end, startexcl=start_excluded, endexcl=end_excluded)
        return wq.NumericRange(name, start, end, startexcl=start_excluded, endexcl=end_excluded)

    def _process_match_none(self) -> wq.Query:
        return wq.NullQuery

    def _connect_filters(
        self, filters: Sequence[wq.Query], connector: str, negated: bool
    ) -> wq.Query | None:
        if not filters:
            return None
        combined = (
            filters[0]
            if len(filters) == 1
            else (wq.And(filters) if connector == "AND" else wq.Or(filters))
        )
        return everything_but(combined) if negated else combined

    def filter_query(self) -> wq.Query | None:
        """Content type and queryset filters, or None if the whole index is in scope."""
        clauses = []
        if self.model is not self.root_model:
            clauses.append(
                wq.Term("meta_ct", f"{self.model._meta.app_label}.{self.model.__name__}")
            )
        queryset_filters = self._get_filters_from_queryset()
        if queryset_filters is not None:
            clauses.append(queryset_filters)
        if not clauses:
            return None
        return wq.And(clauses) if len(clauses) > 1 else clauses[0]

    # The open reader and what the query matched in it, once a count, facet or page asked.
    _scored_in: tuple[IndexReader, Scored | None] | None = None

    def scored(self, searcher: Searcher) -> Scored | None:
        """Every document the query and filters match, with its score, from the posting lists
        (None where the query needs Whoosh's own search, or is sorted); computed once per
        reader, so that a page's count, facets and results share it."""
        reader = searcher.reader()
        if self._scored_in is None or self._scored_in[0] is not reader:
            self.reader = reader
            found = None
            if self.sort_facets() is None:
                found = matching_scores(searcher, self.text_query(), self.filter_query())
            self._scored_in = (reader, found)
        return self._scored_in[1]

    def get_query(self) -> wq.Query:
        """The whole query; filters score 0 so that they never change the ranking."""
        text = self.text_query()
        filters = self.filter_query()
        return text if filters is None else wq.And([text, wq.ConstantScoreQuery(filters, 0.0)])

    def filter_field(self, name: str, action: str, error_class: type[FieldError]) -> FilterField:
        """The FilterField called ``name``, or an error that says how to declare it."""
        field = self._get_filterable_field(name)
        if field is None:
            raise error_class(
                f'Cannot {action} search results with field "{name}". Please add '
                f'index.FilterField("{name}") to {self.model.__name__}.search_fields.',
                field_name=name,
            )
        return field

    def sort_facets(self) -> list[sorting.FieldFacet] | None:
        """Whoosh sort facets for the queryset's ordering, or None to order by relevance."""
        if self.order_by_relevance:
            return None
        if not self.queryset.ordered:
            return [sorting.FieldFacet("meta_order", reverse=True)]
        facets = []
        for item in self.queryset.query.order_by:
            if isinstance(item, OrderBy):
                if not isinstance(item.expression, F):
                    raise OrderByFieldError(
                        f'Sorting search results with "{item}" is not supported: order by a '
                        "field name.",
                        field_name=str(item),
                    )
                # django-stubs' F does not declare the name it is constructed with.
                field_name = item.expression.name  # type: ignore[attr-defined]
                item = ("-" if item.descending else "") + field_name
            reverse, name = item.startswith("-"), item.lstrip("-")
            field = self.filter_field(name, "sort", OrderByFieldError)
            facets.append(
                sorting.FieldFacet(filter_column(self.model, [field])[0], reverse=reverse)
            )
        return facets


def _all_search_fields(search_fields: Iterable[IndexField]) -> Iterator[BaseField]:
    for field in search_fields:
        if isinstance(field, RelatedFields):
            yield from _all_search_fields(field.fields)
        else:
            yield field


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"

    def text_fields(self) -> list[tuple[str, float]]:
        if self.fields:
            names = set(self.fields)
            return [
                ("a__" + search_column(self.model, field)[3:], 1.0)
                for field in self.model.get_autocomplete_search_fields()
                if field.field_name in names
            ]
        return [("autocomplete", 1.0)]

    def compile_plain_text(self, query: PlainText, fields: BoostedFields, boost: float) -> wq.Query:
        words = [
            token.text[:AUTOCOMPLETE_MAX]
            for token in AutocompleteAnalyzer()(query.query_string, mode="query")
        ][:MAX_QUERY_WORDS]
        if not words or not fields:
            return wq.NullQuery
        return self.combine([self.any_of(fields, [w], boost) for w in words], query.operator)


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    @property
    def index(self) -> WhooshIndex:
        return self.backend.get_index_for_model(self.query_compiler.model)

    def _run(self, limit: int | None, **kwargs: Any) -> tuple[Searcher, Results]:
        compiler = self.query_compiler
        searcher = self.index.searcher()
        compiler.reader = searcher.reader()
        return searcher, searcher.search(compiler.get_query(), limit=limit, **kwargs)

    def _do_search(self) -> list[Model]:
        compiler = self.query_compiler
        if self.stop is not None and self.stop <= self.start:
            return []
        searcher, scored = self._scored()
        if scored is not None:
            page = [
                (searcher.stored_fields(doc)["meta_pk"], -negated)
                for negated, doc in top_documents(scored, self.stop)[self.start :]
            ]
        else:
            _searcher, hits = self._run(self.stop, sortedby=compiler.sort_facets(), scored=True)
            page = [(hit["meta_pk"], hit.score) for hit in hits[self.start : self.stop]]
        pk_field = compiler.model._meta.pk
        ranked = [(pk_field.to_python(pk), score) for pk, score in page]
        if not ranked:
            return []
        scores = dict(ranked)
        # Ranked by score below: the queryset's own ordering would only cost its SQL.
        queryset = compiler.queryset.filter(pk__in=scores).order_by()
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        objects = {obj.pk: obj for obj in queryset}
        results = []
        for pk, score in ranked:
            obj = objects.get(pk)
            if obj is None:
                continue  # deleted since it was indexed
            if self._score_field:
                setattr(obj, self._score_field, float(score or 0.0))
            results.append(obj)
        return results

    def _scored(self) -> tuple[Searcher, Scored | None]:
        searcher = self.index.searcher()
        return searcher, self.query_compiler.scored(searcher)

    def _do_count(self) -> int:
        _searcher, scored = self._scored()
        if scored is not None:
            found = len(scored)
        else:
            _searcher, hits = self._run(None, scored=False)
            found = hits.scored_length()
        total = found - self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name: str) -> OrderedDict[ColumnValue | None, int]:
        compiler = self.query_compiler
        field = compiler.filter_field(field_name, "facet", FilterFieldError)
        name, column = filter_column(compiler.model, [field])
        searcher, scored = self._scored()
        if scored is not None:
            groups: Mapping[Any, int] = term_counts(searcher, name, scored.docs)
            total = len(scored)
        else:
            searcher, hits = self._run(
                None,
                scored=False,
                groupedby={"facet": sorting.FieldFacet(name, allow_overlap=not column.sortable)},
                maptype=sorting.Count,
            )
            groups, total = hits.groups("facet"), hits.scored_length()
        whoosh_field = searcher.schema[name]
        counts: dict[ColumnValue | None, int] = {}
        for key, count in groups.items():
            if isinstance(key, bytes):
                key = whoosh_field.from_bytes(key)
            counts[None if key in (None, "") else key] = count
        missing = total - sum(counts.values()) if column.sortable else 0
        if missing > 0 or None in counts:
            counts[None] = counts.get(None, 0) + max(missing, 0)
        return OrderedDict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))


class WhooshIndexRebuilder:
    """Builds a fresh generation beside the live index and swaps it in when complete."""

    def __init__(self, index: WhooshIndex) -> None:
        self.index = index

    def start(self) -> WhooshIndex:
        self.staged = self.index.start_generation()
        self.staged.begin_staging()
        return self.staged

    def finish(self) -> None:
        self.index.swap_in(self.staged)


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    rebuilder_class = WhooshIndexRebuilder

    def __init__(self, params: Mapping[str, Any]) -> None:
        super().__init__(params)
        if not params.get("PATH"):
            raise ImproperlyConfigured(
                "The Whoosh search backend needs PATH, the directory that holds its index."
            )
        self.path = params["PATH"]
        self.default_language = base_language(params.get("LANGUAGE") or settings.LANGUAGE_CODE)
        codes = params.get("LANGUAGES") or [code for code, _name in settings.LANGUAGES]
        self.languages = list(dict.fromkeys([self.default_language, *map(base_language, codes)]))
        self._indexes: dict[type[Model], WhooshIndex] = {}

    def get_index_for_model(self, model: type[Model]) -> WhooshIndex:
        root = get_model_root(model)
        if root not in self._indexes:
            self._indexes[root] = WhooshIndex(self, root)
        return self._indexes[root]

    def suggest(self, text: str, models: Iterable[type[Model]]) -> str:
        """``text`` with its misspelt words replaced by the closest words the index holds.

        "Misspelt" means absent from the vocabulary of every given model's index; a correction
        differing only by accents is no correction (the search folds accents anyway)."""
        searchers = [self.get_index_for_model(model).searcher() for model in models]
        pieces: list[str] = []
        cursor = 0
        for token in MultilingualTokenizer()(text, chars=True):
            word = token.text.lower()
            if CJK_RUN.match(word) or len(word) < 3 or word.isdigit():
                continue
            if any(fold_word(word) in spelt_words(s.reader()) for s in searchers):
                continue  # a word the index holds, perhaps typed without its accents
            candidates = [
                s.corrector("spelling").suggest(word, limit=1, maxdist=2, prefix=1)
                for s in searchers
            ]
            best = next((c[0] for c in candidates if c), None)
            if best and fold(best) != fold(word):
                pieces += [text[cursor : token.startchar], best]
                cursor = token.endchar
        return "".join([*pieces, text[cursor:]]) if pieces else ""

    def _search(
        self,
        query_compiler_class: type[WhooshSearchQueryCompiler],
        query: str | SearchQuery | None,
        model_or_queryset: type[Model] | QuerySet[Model],
        **kwargs: Any,
    ) -> BaseSearchResults:
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        if results.query_compiler is not None:
            results.query_compiler.languages = self.languages
        return results


SearchBackend = WhooshSearchBackend
