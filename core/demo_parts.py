"""The parts of the demo that `manage.py load_demo` loads: each app registers its own in its
demo.py (discovered here), so core names no app above it.

Parts load in the order of INSTALLED_APPS, which lists the project's apps from the bottom
layer up, and within an app in the order it registers them; a part that needs every other
app's records (the trainee who asked to be forgotten) registers with `last=True`.
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

Part = Callable[[], list[str]]
_PARTS: list[Part] = []
_LAST: list[Part] = []


def demo_part(load: Part, *, last: bool = False) -> Part:
    """Register `load` (which loads what is missing and returns what it created) as a part of
    the demo; usable as a decorator."""
    (_LAST if last else _PARTS).append(load)
    return load


def parts() -> list[Part]:
    """Every app's parts, in the order they load."""
    autodiscover_modules("demo")
    return [*_PARTS, *_LAST]
