"""Every URL pattern is classified; an anonymous request to a non-public one is refused.

A new route fails this test until someone decides who may reach it and adds it below.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver

PUBLIC, TRAINEE, STAFF, API = "public", "trainee", "staff", "api"

# (pattern of the route as Django prints it, class); the first match wins.
CLASSIFICATION = [
    (r"^admin/(login|password_reset)/", PUBLIC),  # the admin's own sign-in and password reset
    (r"^admin/(sprite|jsi18n)/$", PUBLIC),  # icons and translations the sign-in page loads
    (r"^admin/", STAFF),  # Wagtail's admin checks wagtailadmin.access_admin on every view.
    (r"^documents/\^\(\\d\+\)/", PUBLIC),  # served only if the collection's privacy allows
    (r"^documents/authenticate_with_password/", PUBLIC),
    (r"^csp-report/$", PUBLIC),  # browsers report CSP violations without credentials
    (r"^images/<str:signature>/", PUBLIC),  # signed rendition URLs
    (r"^es/accounts/(login|signup|password-reset|password-reset/sent|reset/done)/$", PUBLIC),
    (r"^es/accounts/reset/<uidb64>/<token>/$", PUBLIC),  # the token is the credential
    (r"^es/accounts/logout/$", TRAINEE),
    (r"^es/accounts/my-data/", TRAINEE),  # what is kept about the signed-in person, and its ZIP
    (r"^es/_util/(login|authenticate_with_password)/", PUBLIC),  # Wagtail's page privacy forms
    (r"^es/search/$", PUBLIC),  # results are scoped to what the visitor may see
    # Joining an open offering: a new person signs up on it, so anyone may open it.
    (r"^es/learn/offerings/<int:pk>/join/$", PUBLIC),
    (r"^es/learn/", TRAINEE),  # the trainee's own dashboard, offerings and certificates
    # The box to type a certificate's number in, and the name, course, hours, date, issuer and
    # validity of one certificate, found by its unguessable number.
    (r"^es/verify/$", PUBLIC),
    (r"^es/verify/<str:number>/$", PUBLIC),
    # An invitation to an offering: the random token is the credential; it is answered
    # signed in as the invited account.
    (r"^es/invitations/<str:token>/$", PUBLIC),
    # The file of a teaching material under an open licence; any other material is a 404.
    (r"^es/materials/<int:pk>/$", PUBLIC),
    # An agency supervisor's page: the signed, expiring, single-use token is the credential.
    (r"^es/supervise/<str:token>/$", PUBLIC),
    # A page's PDF route, handed to Wagtail's own page serving: the page's privacy applies.
    (r"^es/\^.*\\\.pdf\)\$$", PUBLIC),
    (r"^es/\^", PUBLIC),  # Wagtail's page route; page privacy is checked per page
]

SAMPLE_VALUES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def classify(route):
    for expression, kind in CLASSIFICATION:
        if re.search(expression, route):
            return kind
    return None


def sample_path(route):
    """A concrete path for a route, with made-up values for its parameters."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "1"), route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)\*?|\\d\+", "1", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def test_every_route_is_classified():
    unclassified = [route for route in routes() if classify(route) is None]
    assert not unclassified, f"Classify these routes in tests/core/test_urls.py: {unclassified}"


def test_classification_has_no_stale_rules():
    known = list(routes())
    stale = [rule for rule, _kind in CLASSIFICATION if not any(re.search(rule, r) for r in known)]
    assert not stale, f"These rules match no route any more: {stale}"


@pytest.mark.django_db
def test_anonymous_requests_to_non_public_routes_are_refused(client, home):
    checked = 0
    for route in routes():
        if classify(route) == PUBLIC:
            continue
        path = sample_path(route)
        response = client.get(path)
        if response.status_code == 302:
            assert "login" in response.url, f"{route} ({path}) redirects to {response.url}"
        else:
            assert response.status_code in {401, 403, 404, 405}, (
                f"{route} ({path}) answered {response.status_code} to an anonymous visitor"
            )
        checked += 1
    assert checked > 200
