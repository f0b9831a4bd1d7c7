"""`make install` installs requirements.lock: every dependency pyproject.toml pins is there, at
the same version, so a change to pyproject.toml without `make lock` fails here."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pinned(requirement: str) -> tuple[str, str] | None:
    """(normalised name, version) of a `name[extras]==version` requirement."""
    match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==([^;\s]+)(?:\s*;.*)?", requirement)
    if match is None:
        return None
    return re.sub(r"[-_.]+", "-", match[1]).lower(), match[2]


def test_every_pinned_dependency_is_locked_at_its_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = list(project["project"]["dependencies"])
    for group in project["dependency-groups"].values():
        wanted += [item for item in group if isinstance(item, str)]
    lock_lines = (ROOT / "requirements.lock").read_text().splitlines()
    locked = dict(filter(None, (pinned(line.split("#")[0].strip()) for line in lock_lines)))
    pins = [pinned(requirement) for requirement in wanted]
    assert None not in pins, "pyproject.toml pins every dependency with =="
    assert {name: version for name, version in pins if locked.get(name) != version} == {}
