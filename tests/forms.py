"""Reading a rendered form as a person would: the choices of one field, not every `value="…"`
on the page, where an institution's id may equal a trainee's."""

import re

from bs4 import BeautifulSoup


def _select(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no select named {name}"
    return select.group()


def choices(html: str, name: str) -> set[str]:
    """The option values of the select named `name` in `html`."""
    return set(re.findall(r'<option value="([^"]*)"', _select(html, name)))


def chosen(html: str, name: str) -> set[str]:
    """The values of the options selected in the select named `name` in `html`."""
    return set(re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', _select(html, name)))


def visible_text(html: str) -> str:
    """The page's text without what it hides (elements marked `hidden`, scripts, templates)."""
    page = BeautifulSoup(html, "html.parser")
    for hidden in page.find_all(lambda tag: tag.has_attr("hidden")):
        hidden.decompose()
    for element in page.find_all(["script", "template", "style"]):
        element.decompose()
    return page.get_text(" ")
