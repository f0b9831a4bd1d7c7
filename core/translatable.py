"""What translators change with wagtail-localize: the words. A translated page's or snippet's
other fields (codes, choices, numbers, links to other records) stay as in its source, where
wagtail-localize would otherwise offer each to override, shown as a raw value (an id, a code)."""

from wagtail_localize.fields import SynchronizedField


def kept_as_in_source(*names: str) -> list[SynchronizedField]:
    """The fields, copied from the source to every translation and never offered to translators
    (a model's `override_translatable_fields`)."""
    return [SynchronizedField(name, overridable=False) for name in names]
