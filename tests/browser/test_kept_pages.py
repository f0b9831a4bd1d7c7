"""Pages kept for visitors, in a real browser: the course page a visitor reloads comes from the
cache with a nonce of its own, which the browser's CSP accepts (the phone's menu script runs and
nothing is blocked); a revalidation is a 304 that keeps the page working; signing in shows the
person's own page, never the kept one. In each language, on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.looking import looked_at
from tests.browser.test_layout import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE = {
    "es": "/es/universidad-del-suroeste/intervencion-en-crisis/",
    "zh-hans": "/zh-hans/xinan-daxue/weiji-ganyu/",
    "en": "/en/southwest-university/crisis-intervention/",
}
SIGNED_IN = {"es": "Sesión iniciada como", "zh-hans": "已登录", "en": "Signed in as"}


@pytest.mark.parametrize("language", ["es", "zh-hans", "en"])
def test_a_kept_page_works_in_the_browser_and_never_reaches_the_signed_in(
    browser, demo_server, language
):
    base, problems = demo_server.url, []
    for size in ("phone", "desktop"):
        context = browser.new_context(viewport=VIEWPORTS[size])
        page = context.new_page()
        page.set_default_timeout(15_000)
        blocked: list[str] = []

        def note_blocked(message, blocked=blocked):
            if "Content Security Policy" in message.text:
                blocked.append(message.text)

        page.on("console", note_blocked)
        url = base + COURSE[language]
        first = page.goto(url)
        kept = page.goto(url)  # the second visit is served from the cache
        assert first.status == 200 and kept.status == 200
        assert kept.headers["etag"] == first.headers["etag"]
        assert "public" in kept.headers["cache-control"]
        if size == "phone":  # the menu script ran, under the response's own nonce
            expect(page.locator(".menu-button")).to_be_visible()
        page.reload()  # the browser revalidates its copy: a 304, and the page still works
        if size == "phone":
            expect(page.locator(".menu-button")).to_be_visible()
        problems += looked_at(page, f"kept-page-{language}-{size}")
        assert not blocked, blocked

        sign_in(page, base, language=language)
        page.goto(url)
        expect(page.locator(".site-nav__user")).to_contain_text(SIGNED_IN[language])
        assert "private" in page.evaluate(
            "async url => (await fetch(url)).headers.get('cache-control')", url
        )
        problems += looked_at(page, f"kept-page-signed-in-{language}-{size}")
        context.close()
    assert not problems, problems
