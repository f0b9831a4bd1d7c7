"""Ids from outside (a URL, a query string) that the database's integers cannot hold: they
name no record, so they are a 404, never an overflow error."""

# The range of a 64-bit signed integer, which BigAutoField and PostgreSQL's bigint hold.
SMALLEST, LARGEST = -(2**63), 2**63 - 1


def fits_database_integer(value: object) -> bool:
    """Whether `value` (an int, or text that reads as one) fits a database integer; text that
    is no integer at all is left for the view to judge."""
    if isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            return True
    return not isinstance(value, int) or SMALLEST <= value <= LARGEST
