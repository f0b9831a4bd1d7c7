"""Numbers people type or import, read one way everywhere and kept within what the field they
go into can hold: one bad cell ("1e309", "∞", a 40-digit count) is an error on its row or
field, never an infinity stored or an overflow later."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _


def bounds(field: models.Field[Any, Any]) -> tuple[Decimal | None, Decimal | None]:
    """The smallest and largest value a model field takes: its validators' limits, and for
    a decimal field what its digits can hold."""
    low = high = None
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            low = Decimal(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = Decimal(validator.limit_value)
    if isinstance(field, models.DecimalField):
        widest = Decimal(10) ** (field.max_digits - field.decimal_places)
        widest -= Decimal(10) ** -field.decimal_places
        high = widest if high is None else min(high, widest)
        low = -widest if low is None else max(low, -widest)
    return low, high


def parse_number(
    text: str, field: models.Field[Any, Any], *, error: type[Exception] = ValueError
) -> Decimal | None:
    """The number in `text` (a comma for the decimal point is fine) as `field` keeps it, or
    None when left empty; `error` says, in words a person can act on, what is wrong."""
    text = str(text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise error(_("“%(text)s” is not a number.") % {"text": text[:20]}) from None
    low, high = bounds(field)
    if low is None or high is None:
        raise ImproperlyConfigured(f"{field} has no bounds: give it validators or digits.")
    if not number.is_finite() or not low <= number <= high:
        raise error(
            _("“%(text)s” is out of range: enter a number from %(low)s to %(high)s.")
            % {
                "text": text[:20],
                "low": formats.number_format(low),
                "high": formats.number_format(high),
            }
        )
    if isinstance(field, models.DecimalField):
        number = number.quantize(Decimal(10) ** -field.decimal_places)
    elif isinstance(field, models.IntegerField) and number != number.to_integral_value():
        raise error(_("“%(text)s” is not a whole number.") % {"text": text[:20]})
    return number


def typed_number(value: Decimal | None) -> str:
    """A stored number as a person would type it into a form: 92, 87.5, never 92.00."""
    return "" if value is None else format(value.normalize(), "f")
