"""The coordinator's queue of hours waiting for approval, and the dashboard's count of it:
weeks approved several at a time, all or none, only of the institution's own placements."""

from datetime import date, time, timedelta

import pytest

from core.models import Role
from placements import services
from placements.models import HoursEntry
from tests import factories
from tests.forms import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUEUE = "/admin/hours-queue/"


def _submitted(placement, day, hours=4):
    return HoursEntry.objects.create(
        placement=placement,
        date=day,
        starts_at=time(9),
        ends_at=time(9 + hours),
        hours=hours,
        activities="Visitas domiciliarias",
        state=HoursEntry.State.SUBMITTED,
    )


@pytest.fixture
def setup(two_institutions):
    a, b = two_institutions[0], two_institutions[1]
    ours = factories.placement(factories.programme(a), factories.practice_base(a))
    theirs = factories.placement(factories.programme(b), factories.practice_base(b))
    monday = services.week_of(date.today()) - timedelta(days=7)
    for day in range(2):
        _submitted(ours, monday + timedelta(days=day))
    _submitted(ours, monday - timedelta(days=7))  # a second, earlier week
    _submitted(theirs, monday)
    coordinator = factories.in_english(factories.member(a, Role.PLACEMENT_COORDINATOR))
    return {"ours": ours, "theirs": theirs, "monday": monday, "coordinator": coordinator}


def test_the_queue_lists_the_institutions_waiting_weeks_and_approves_those_ticked(client, setup):
    client.force_login(setup["coordinator"])
    page = client.get(QUEUE)
    weeks = page.context["form"].rows
    assert [(w.placement, w.monday, w.hours) for w in weeks] == [
        (setup["ours"], setup["monday"] - timedelta(days=7), 4),
        (setup["ours"], setup["monday"], 8),
    ]
    assert str(setup["theirs"].trainee) not in visible_text(page.text)
    key = f"{setup['ours'].pk}-{setup['monday']:%Y%m%d}"
    done = client.post(QUEUE, {f"approve-{key}": "on"}, follow=True)
    assert "1 week approved: 8 hours." in visible_text(done.text)
    states = dict(setup["ours"].hours.values_list("date", "state").order_by("date"))
    assert list(states.values()) == ["submitted", "approved", "approved"]
    assert setup["ours"].hours.filter(state="approved").first().decided_by


def test_nothing_ticked_or_another_institutions_week_approves_nothing(client, setup):
    client.force_login(setup["coordinator"])
    theirs = f"{setup['theirs'].pk}-{setup['monday']:%Y%m%d}"
    refused = client.post(QUEUE, {f"approve-{theirs}": "on"})
    assert "Tick at least one week to approve it." in visible_text(refused.text)
    assert not HoursEntry.objects.filter(state="approved").exists()


def test_the_queue_is_the_coordinators_and_the_dashboard_counts_it(client, setup, two_institutions):
    client.force_login(two_institutions[3])  # a course author of B
    assert client.get(QUEUE).url == "/admin/"  # Wagtail: "Sorry, you do not have permission"
    assert "Hours to approve" not in client.get("/admin/").text
    client.force_login(setup["coordinator"])
    home = client.get("/admin/").text
    assert "Hours waiting for approval (2)" in visible_text(home)
    assert "Hours to approve" in home  # the menu item, in the sidebar's data
    HoursEntry.objects.update(state=HoursEntry.State.APPROVED)
    assert "No submitted hours wait for approval." in visible_text(client.get("/admin/").text)
