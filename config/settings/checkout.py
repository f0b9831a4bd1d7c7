"""A secret key of this checkout's own, for development, tests and benchmarks: made at random
the first time it is needed and kept in var/secret-key (never committed), so links and
sessions signed on one machine cannot be forged from the repository."""

import os
import secrets
import tempfile
from pathlib import Path

KEY_FILE = Path(__file__).resolve().parent.parent.parent / "var" / "secret-key"


def secret_key() -> str:
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=KEY_FILE.parent, delete=False) as made:
            made.write(secrets.token_urlsafe(50))
        try:  # the first process to link its key in place wins; the others read that one
            os.link(made.name, KEY_FILE)
        except FileExistsError:
            pass
        finally:
            os.unlink(made.name)
    return KEY_FILE.read_text().strip()
