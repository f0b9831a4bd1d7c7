"""Limits on what can be tried again and again: log-ins (django-axes) and the forms that
create accounts or send e-mail."""

from core.models.users import PraxisUserManager


def lockout_username(request, credentials):
    """The name django-axes counts failed log-ins under: the address as authentication reads
    it (trimmed, lower-case), so no spelling of it buys more tries."""
    data = credentials or request.POST
    return PraxisUserManager.normalize_email(data.get("username"))
