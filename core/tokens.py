"""Random tokens that a link carries as its own credential (an agency supervisor's link, an
invitation): only their digest is stored, so the database holds no usable link."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
