"""Content-Security-Policy violation reports, from the browsers that saw them, as log lines.

Both policies name `/csp-report/` (`report-uri`): what the enforced policy blocked on the
learning site or in the editor, and what the editor's report-only strict policy would block.
Browsers send either the `report-uri` format (`{"csp-report": {...}}`) or the Reporting API's
(`[{"type": "csp-violation", "body": {...}}]`). A log line names the directive, the blocked
resource and the page, each without its query string (which could carry personal data); the
same violation is logged once in `REPEAT_SECONDS`, so one page seen by many cannot flood the log.
"""

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache

logger = logging.getLogger("praxis.csp")
MAX_REPORT_BYTES = 64 * 1024
REPEAT_SECONDS = 600


class InvalidReport(ValueError):
    """A body that is not a CSP report in either format."""


def violations(body: bytes | str) -> list[dict[str, Any]]:
    """The violations a report body describes, as dicts with the `report-uri` format's keys."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidReport("The report is not JSON.") from error
    if isinstance(document, dict) and isinstance(document.get("csp-report"), dict):
        return [document["csp-report"]]
    if isinstance(document, list):
        found = [
            _from_reporting_api(report["body"])
            for report in document
            if isinstance(report, dict)
            and report.get("type") == "csp-violation"
            and isinstance(report.get("body"), dict)
        ]
        if found:
            return found
    raise InvalidReport("The JSON holds no CSP violation report.")


def _from_reporting_api(body: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "effective-directive": body.get("effectiveDirective"),
        "blocked-uri": body.get("blockedURL"),
        "document-uri": body.get("documentURL"),
        "disposition": body.get("disposition"),
    }


def without_query(address: str | None) -> str:
    """The address without query string, fragment or credentials; keywords ("inline") as is."""
    address = str(address or "")
    parts = urlsplit(address)
    if not parts.scheme or not parts.netloc:
        return address.split("?", 1)[0].split("#", 1)[0][:200]
    return urlunsplit((parts.scheme, parts.hostname or "", parts.path, "", ""))[:200]


def log_violation(violation: Mapping[str, Any]) -> bool:
    """One warning per distinct violation in REPEAT_SECONDS; True if it was logged."""
    directive = str(
        violation.get("effective-directive") or violation.get("violated-directive") or "?"
    )[:80]
    blocked = without_query(violation.get("blocked-uri")) or "?"
    page = without_query(violation.get("document-uri")) or "?"
    disposition = "report-only" if violation.get("disposition") == "report" else "enforced"
    line = (directive, blocked, page, disposition)
    key = "csp-report:" + hashlib.sha256("\n".join(line).encode()).hexdigest()
    if not cache.add(key, True, REPEAT_SECONDS):
        return False
    logger.warning("CSP %s (%s) blocked %s on %s", directive, disposition, blocked, page)
    return True
