"""From a model's ``search_fields`` to a Whoosh schema, and from its instances to documents.

Column names follow the Elasticsearch backend's scheme, so that filters and orderings resolve the
same way: a field defined on a subclass is prefixed with ``<app>_<model>__``, related fields are
joined with ``__``. Whoosh field names then carry the role: ``s__`` searchable text, ``a__``
autocomplete n-grams, ``f__`` filter values. Every searchable value also goes into ``all`` and,
when boosted, into ``boost_<n>``, so a search over every field queries a handful of fields.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    BaseField,
    FilterField,
    Indexed,
    RelatedFields,
    SearchField,
)

from search.analysis import AutocompleteAnalyzer, PraxisAnalyzer, SpellingAnalyzer, mark
from whoosh import fields
from whoosh.fields import FieldType, Schema

INTEGER_TYPES = {
    "AutoField",
    "SmallAutoField",
    "BigAutoField",
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}
FLOAT_TYPES = {"FloatField", "DecimalField"}
DATE_TYPES = {"DateField", "DateTimeField"}

# An entry of a model's ``search_fields``.
type IndexField = BaseField | RelatedFields
# A value as a filter column stores it, and a value of a document's field.
type ColumnValue = int | float | datetime.datetime | str
type DocumentValue = ColumnValue | Sequence[ColumnValue] | None


class KeywordList(fields.ID):
    """An untokenised field that takes one value or a list of them (content types, tag ids)."""

    def index(self, value: object, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        values = value if isinstance(value, list | tuple) else [value]
        for text in dict.fromkeys(str(v) for v in values):
            yield text.encode("utf-8"), 1, 1.0, b""


class Column:
    """A filter column: its Whoosh field and the conversion of Python values into it."""

    def __init__(self, internal_type: str, sortable: bool) -> None:
        self.internal_type = internal_type
        self.sortable = sortable

    @cached_property
    def field(self) -> FieldType:
        kind = self.internal_type
        if kind in INTEGER_TYPES:
            return fields.NUMERIC(int, bits=64, signed=True, shift_step=0, sortable=self.sortable)
        if kind in FLOAT_TYPES:
            return fields.NUMERIC(float, shift_step=0, sortable=self.sortable)
        if kind in DATE_TYPES:
            return fields.DATETIME(sortable=self.sortable)
        return fields.ID(sortable=True) if self.sortable else KeywordList()

    def convert(self, value: Any) -> ColumnValue | None:
        """A Python value as this column stores it (``None`` stays ``None``)."""
        if value is None:
            return None
        if isinstance(value, models.Model):
            value = value.pk
        kind = self.internal_type
        if kind in INTEGER_TYPES:
            return int(value)
        if kind in FLOAT_TYPES:
            return float(value)
        if kind in DATE_TYPES:
            if isinstance(value, datetime.datetime):
                if timezone.is_aware(value):
                    value = timezone.make_naive(value, datetime.UTC)
                return value
            if isinstance(value, datetime.date):
                return datetime.datetime.combine(value, datetime.time.min)
            return datetime.datetime.fromisoformat(str(value))
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime.time):
            return value.isoformat()
        return str(value)

    def convert_many(self, value: Any) -> list[ColumnValue]:
        if isinstance(value, models.Manager | models.QuerySet):
            value = list(value.all())
        values = value if isinstance(value, list | tuple | set) else [value]
        return [c for c in (self.convert(v) for v in values) if c is not None]


def column_prefix(model: type[models.Model], field: IndexField) -> str:
    """``<app>_<model>__`` for fields a subclass defines, as the Elasticsearch backend does."""
    definition = field.get_definition_model(model)
    if definition is None or definition is get_model_root(model):
        return ""
    return f"{definition._meta.app_label.lower()}_{definition.__name__.lower()}__"


def column_name(model: type[models.Model], field: IndexField, nested: bool = False) -> str:
    name = field.field_name if isinstance(field, RelatedFields) else field.get_attname(model)
    return name if nested else column_prefix(model, field) + name


def boost_field_name(boost: float) -> str:
    return "boost_" + str(float(boost)).replace(".", "_")


def filter_column(model: type[models.Model], path: Sequence[IndexField]) -> tuple[str, Column]:
    """The Whoosh field name and Column for a filter path (RelatedFields… then a FilterField)."""
    names = []
    for depth, field in enumerate(path):
        names.append(column_name(model, field, nested=depth > 0))
        if isinstance(field, RelatedFields):
            model = field.get_field(model).related_model
    leaf = path[-1]
    return "f__" + "__".join(names), _column_for(model, leaf, top_level=len(path) == 1)


def search_column(model: type[models.Model], field: IndexField) -> str:
    return "s__" + column_name(model, field)


def _column_for(model: type[models.Model], field: BaseField, top_level: bool) -> Column:
    try:
        django_field = field.get_field(model)
    except FieldDoesNotExist:
        django_field = None
    many = django_field is not None and (django_field.many_to_many or django_field.one_to_many)
    sortable = top_level and django_field is not None and django_field.concrete and not many
    return Column(field.get_type(model), sortable)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, datetime.time):
        return value.isoformat()
    return str(value)


class IndexSchema:
    """The schema of one root model's index and the documents of its instances."""

    def __init__(
        self,
        root_model: type[models.Model],
        indexed_models: Sequence[type[Indexed]],
        default_language: str,
    ) -> None:
        self.root_model = root_model
        self.models = indexed_models
        self.default_language = default_language

    def whoosh_schema(self) -> Schema:
        return fields.Schema(**dict(self.fields()))

    def fields(self) -> Iterator[tuple[str, FieldType]]:
        text = PraxisAnalyzer(self.default_language)
        yield "meta_id", fields.ID(unique=True, stored=True)
        yield "meta_pk", fields.STORED()
        yield "meta_ct", KeywordList()
        yield "meta_present", KeywordList()
        yield "meta_order", self.order_column.field
        yield "all", fields.TEXT(analyzer=text, phrase=True)
        yield "autocomplete", fields.TEXT(analyzer=AutocompleteAnalyzer(), phrase=False)
        yield "spelling", fields.TEXT(analyzer=SpellingAnalyzer(), phrase=False)
        seen = set()
        for name, field in self._model_fields(text):
            if name not in seen:
                seen.add(name)
                yield name, field

    def _model_fields(self, text: PraxisAnalyzer) -> Iterator[tuple[str, FieldType]]:
        for model in self.models:
            yield from self._walk(model, model.get_search_fields(), text, [])

    def _walk(
        self,
        model: type[models.Model],
        search_fields: Iterable[IndexField],
        text: PraxisAnalyzer,
        names: Sequence[str],
    ) -> Iterator[tuple[str, FieldType]]:
        for field in search_fields:
            name = column_name(model, field, nested=bool(names))
            if isinstance(field, RelatedFields):
                related = field.get_field(model).related_model
                yield from self._walk(related, field.fields, text, [*names, name])
                continue
            joined = "__".join([*names, name])
            if isinstance(field, SearchField):
                yield "s__" + joined, fields.TEXT(analyzer=text, phrase=True)
                if field.boost and float(field.boost) != 1.0:
                    yield boost_field_name(field.boost), fields.TEXT(analyzer=text, phrase=True)
            elif isinstance(field, AutocompleteField):
                yield "a__" + joined, fields.TEXT(analyzer=AutocompleteAnalyzer(), phrase=False)
            elif isinstance(field, FilterField):
                yield "f__" + joined, _column_for(model, field, top_level=not names).field

    def missing_from(self, whoosh_schema: Schema) -> list[tuple[str, FieldType]]:
        present = set(whoosh_schema.names())
        return [(name, field) for name, field in self.fields() if name not in present]

    @cached_property
    def order_column(self) -> Column:
        """The primary key as a sortable column (for "no ordering": newest first)."""
        pk = self.root_model._meta.pk
        while isinstance(pk, models.ForeignKey | models.OneToOneField):
            pk = pk.target_field
        return Column(pk.get_internal_type(), sortable=True)

    # Documents

    def document_id(self, obj: models.Model) -> str:
        return str(obj.pk)

    def language_of(self, obj: models.Model) -> str:
        """The language the object's text is analysed in: its ``search_language`` if it has one,
        else its locale's (pages, translatable snippets), else the backend's default."""
        language = getattr(obj, "search_language", None)
        if language is None:
            language = getattr(getattr(obj, "locale", None), "language_code", None)
        return language or self.default_language

    def documents(
        self, model: type[models.Model], objects: Iterable[Indexed]
    ) -> Iterator[dict[str, DocumentValue]]:
        content_types = _content_types(model)
        for obj in objects:
            yield self.document(obj, content_types)

    def document(
        self, obj: Indexed, content_types: list[str] | None = None
    ) -> dict[str, DocumentValue]:
        model = type(obj)
        language = self.language_of(obj)
        document = Document(language)
        document.collect(model, model.get_search_fields(), obj, [])
        result: dict[str, DocumentValue] = {
            "meta_id": self.document_id(obj),
            "meta_pk": str(obj.pk),
            "meta_ct": content_types or _content_types(model),
            "meta_order": self.order_column.convert(obj.pk),
            "meta_present": sorted(document.present),
        }
        result.update(document.fields(language))
        return result


def _content_types(model: type[models.Model]) -> list[str]:
    labels = []
    current: type[models.Model] | None = model
    while current is not None:
        labels.append(f"{current._meta.app_label}.{current.__name__}")
        parents = [p for p in current._meta.get_parent_list() if hasattr(p, "get_search_fields")]
        current = parents[0] if parents else None
    return labels


class Document:
    """The values one instance contributes, gathered over its (related) search fields."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.texts: dict[str, list[str]] = {}
        self.filters: dict[str, tuple[Column, list[ColumnValue]]] = {}
        self.present: set[str] = set()

    def _add(self, bucket: dict[str, list[str]], name: str, values: Iterable[str]) -> None:
        bucket.setdefault(name, []).extend(values)

    def collect(
        self,
        model: type[models.Model],
        search_fields: Iterable[IndexField],
        obj: models.Model,
        names: Sequence[str],
    ) -> None:
        for field in search_fields:
            nested = bool(names)
            name = column_name(model, field, nested=nested)
            if isinstance(field, RelatedFields):
                value = field.get_value(obj)
                if isinstance(value, models.Manager | models.QuerySet):
                    related = list(value.all())
                else:
                    related = [] if value is None else [value]
                for item in related:
                    self.collect(type(item), field.fields, item, [*names, name])
                continue
            joined = "__".join([*names, name])
            value = field.get_value(obj)
            if isinstance(field, FilterField):
                column = _column_for(model, field, top_level=not nested)
                converted = column.convert_many(value)
                if converted:
                    self.present.add("f__" + joined)
                    values = self.filters.setdefault("f__" + joined, (column, []))[1]
                    values.extend(converted)
                continue
            text = _text(value)
            if not text:
                continue
            if isinstance(field, SearchField):
                self._add(self.texts, "s__" + joined, [text])
                self._add(self.texts, "all", [text])
                self._add(self.texts, "spelling", [text])
                if field.boost and float(field.boost) != 1.0:
                    self._add(self.texts, boost_field_name(field.boost), [text])
            elif isinstance(field, AutocompleteField):
                self._add(self.texts, "a__" + joined, [text])
                self._add(self.texts, "autocomplete", [text])

    def fields(self, language: str) -> dict[str, DocumentValue]:
        result: dict[str, DocumentValue] = {}
        for name, texts in self.texts.items():
            joined = "\n".join(texts)
            result[name] = (
                joined
                if name.startswith(("a__", "autocomplete", "spelling"))
                else (mark(joined, language))
            )
        for name, (column, values) in self.filters.items():
            result[name] = values[0] if column.sortable else values
        return result
