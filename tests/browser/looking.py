"""What a journey checks on every page it visits: axe's serious and critical findings, and
raw Python values in the text a person reads."""

import re

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# None, booleans, dicts, lists, model reprs in lists, ISO date-times and microseconds.
RAW = re.compile(
    r"\b(?:None|True|False)\b|\{'|\['|\[<|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|:\d\d\.\d{6}\b"
)


FINITE_ANIMATIONS_DONE = """() => Promise.race([
    Promise.all(document.getAnimations()
        .filter(a => a.playState === "running")
        .filter(a => a.effect?.getComputedTiming().iterations !== Infinity)
        .map(a => a.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 2000)),
])"""


def serious_violations(page, within=None):
    """Axe's serious and critical findings on the page, or only within the element the CSS
    selector names (an open dialog, whose overlay dims the page behind it)."""
    results = Axe().run(
        page, context=within, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
    )
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        + " ".join(node["html"][:200] for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def looked_at(page, name, within=None):
    """Take the page's picture and say what is wrong with it: accessibility findings and
    raw values in its main content, each named after the step."""
    # Wagtail's messages and dialogs fade in: axe would read their colours half-way.
    page.evaluate(FINITE_ANIMATIONS_DONE)
    screenshot(page, name)
    text = page.locator(within or "main").first.inner_text()
    problems = [f"{name}: {v}" for v in serious_violations(page, within)]
    return problems + [f"{name}: raw value {raw!r}" for raw in RAW.findall(text)]
