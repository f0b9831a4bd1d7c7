"""Sessions as iCalendar files (RFC 5545, the `icalendar` package) that a trainee adds to their
own calendar: one offering's, or all of theirs. Each session keeps its UID, so a file added
again updates the events instead of doubling them."""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from courses.models import Session

PRODUCT = "-//Praxis//Sessions//EN"


def sessions_calendar(sessions: Iterable[Session], name: str) -> bytes:
    """`sessions` (with their offerings and courses fetched) as one calendar named `name`."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    host = settings.WAGTAILADMIN_BASE_URL.split("://")[-1].split("/")[0].split(":")[0]
    for session in sessions:
        offering = session.offering
        event = icalendar.Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        summary = f"{offering.code} · {offering.course.title}"
        topic = session.topic_read
        event.add("summary", f"{summary} · {topic}" if topic else summary)
        if session.venue or session.online_link:
            event.add("location", session.venue_read or session.online_link)
        if session.online_link:
            event.add("url", session.online_link)
        calendar.add_component(event)
    return calendar.to_ical()
