"""Which of a record's names a reader sees.

A record named in several languages keeps its names in `<field>_<language>` (`name_es`,
`name_zh_hans`, `name_en`). Records with a name of their own (an institution's official name, a
region's) keep it in `<field>` and the translations beside it, all optional; reference data
named in every language has no `<field>` and falls back to the site's default language. Pages,
the admin, exports, e-mails and PDFs all ask `in_reader_language`, under the language they are
rendered in.
"""

from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language


def field_suffix(language: str | None = None) -> str:
    """A language code as a field name's suffix: "zh-hans" → "zh_hans"."""
    return (language or get_language() or settings.LANGUAGE_CODE).replace("-", "_").lower()


def translation_fields(field: str = "name") -> list[str]:
    """The fields that hold `field` in each site language: name_es, name_zh_hans, name_en."""
    return [f"{field}_{field_suffix(code)}" for code, _name in settings.LANGUAGES]


def in_reader_language(record: Model, field: str = "name", language: str | None = None) -> str:
    """The record's `field` in the reader's language (or `language`); else its own name, and
    for records without one, the name in the site's default language."""
    translated = getattr(record, f"{field}_{field_suffix(language)}", "")
    if translated:
        return str(translated)
    own = record.__dict__.get(field)  # a column's value, never a property of the same name
    if own:
        return str(own)
    return str(getattr(record, f"{field}_{field_suffix(settings.LANGUAGE_CODE)}", "") or "")


def in_every_language(record: Model, field: str = "name") -> dict[str, str]:
    """What readers of each site language see, by language code: kept where a record is
    frozen as it was (a quality report's snapshot)."""
    return {
        code: in_reader_language(record, field, language=code) for code, _name in settings.LANGUAGES
    }
