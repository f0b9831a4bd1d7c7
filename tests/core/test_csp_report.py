"""Browsers report what the Content-Security-Policy blocks to /csp-report/: each distinct
violation becomes one log line, without query strings, and bad reports get a clear 400."""

import json

import pytest
from django.core.cache import cache

from core import csp

URL = "/csp-report/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def send(client, body, content_type="application/csp-report"):
    return client.post(URL, body if isinstance(body, str) else json.dumps(body), content_type)


def report_uri_format(blocked="https://evil.example/x.js?session=abc", page="/es/learn/?q=zhou"):
    return {
        "csp-report": {
            "document-uri": f"https://praxis.example{page}",
            "effective-directive": "script-src-elem",
            "blocked-uri": blocked,
            "disposition": "enforce",
        }
    }


def test_every_page_names_the_report_address_in_both_policies(client, home):
    learning = client.get("/es/")
    assert "report-uri /csp-report/" in learning["Content-Security-Policy"]
    editor = client.get("/admin/login/")
    assert "report-uri /csp-report/" in editor["Content-Security-Policy"]
    assert "report-uri /csp-report/" in editor["Content-Security-Policy-Report-Only"]


def test_a_violation_is_logged_once_without_its_query_strings(client, caplog):
    with caplog.at_level("WARNING", logger="praxis.csp"):
        first = send(client, report_uri_format())
        again = send(client, report_uri_format())

    assert first.status_code == again.status_code == 204
    lines = [record.getMessage() for record in caplog.records if record.name == "praxis.csp"]
    assert lines == [
        "CSP script-src-elem (enforced) blocked https://evil.example/x.js on "
        "https://praxis.example/es/learn/"
    ]


def test_reporting_api_reports_are_read_too(client, caplog):
    body = [
        {"type": "deprecation", "body": {}},
        {
            "type": "csp-violation",
            "body": {
                "effectiveDirective": "script-src-elem",
                "blockedURL": "inline",
                "documentURL": "https://praxis.example/admin/pages/3/edit/",
                "disposition": "report",
            },
        },
    ]
    with caplog.at_level("WARNING", logger="praxis.csp"):
        response = send(client, body, "application/reports+json")

    assert response.status_code == 204
    assert [r.getMessage() for r in caplog.records if r.name == "praxis.csp"] == [
        "CSP script-src-elem (report-only) blocked inline on "
        "https://praxis.example/admin/pages/3/edit/"
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "The report is not JSON."),
        ({"hello": 1}, "The JSON holds no CSP violation report."),
        ([{"type": "deprecation", "body": {}}], "The JSON holds no CSP violation report."),
    ],
)
def test_what_is_not_a_report_is_refused_with_the_reason(client, body, message):
    response = send(client, body)
    assert response.status_code == 400
    assert response.content.decode() == message


def test_only_posts_of_a_reasonable_size_are_read(client):
    assert client.get(URL).status_code == 405
    blocked = "https://x.example/" + "a" * csp.MAX_REPORT_BYTES
    assert send(client, report_uri_format(blocked=blocked)).status_code == 413
