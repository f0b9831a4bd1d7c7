"""Hours: what cannot be logged (future days, days outside the placement, more than 16 hours
a day, overlapping entries), who cannot approve them, and — as a state machine that logs,
edits, submits, approves, returns, supervises and closes at random — approved hours never
change and are never counted twice."""

import contextlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from placements import reports, services
from placements.models import HoursEntry, SupervisionSession
from placements.services import PlacementError
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
State = HoursEntry.State


def _placement():
    institution = factories.institution()
    return factories.placement(
        factories.programme(institution), factories.practice_base(institution)
    )


def _entry(placement, day, start, end, **fields):
    return HoursEntry(
        placement=placement,
        date=day,
        starts_at=time(*start),
        ends_at=time(*end),
        activities=fields.pop("activities", "Acompañamiento"),
        **fields,
    )


@pytest.fixture
def placement(two_institutions):
    return _placement()


def test_what_cannot_be_logged_is_refused_with_the_reason(placement):
    today = date.today()
    yesterday = today - timedelta(days=1)
    with pytest.raises(PlacementError, match="has not come yet"):
        services.log_hours(_entry(placement, today + timedelta(days=1), (9,), (12,)))
    morning = timezone.make_aware(datetime.combine(today, time(10)))
    with pytest.raises(PlacementError, match="end time is still to come"):
        services.log_hours(_entry(placement, today, (9,), (12,)), now=morning)
    with pytest.raises(PlacementError, match="the date is outside it"):
        services.log_hours(_entry(placement, placement.starts_on - timedelta(days=1), (9,), (12,)))
    with pytest.raises(PlacementError, match="end time must come after"):
        services.log_hours(_entry(placement, yesterday, (12,), (9,)))
    services.log_hours(_entry(placement, yesterday, (6,), (15,)))
    with pytest.raises(PlacementError, match="already logged 06:00–15:00"):
        services.log_hours(_entry(placement, yesterday, (14, 30), (16,)))
    with pytest.raises(PlacementError, match="That makes 17 hours on one day; at most 16"):
        services.log_hours(_entry(placement, yesterday, (15,), (23,)))
    assert HoursEntry.objects.count() == 1


def test_the_trainee_cannot_approve_their_own_hours_nor_change_approved_ones(placement):
    entry = services.log_hours(_entry(placement, date.today() - timedelta(days=1), (9,), (13,)))
    services.submit_hours(placement)
    monday = services.week_of(entry.date)
    with pytest.raises(PlacementError, match="cannot approve your own hours"):
        services.decide_hours(placement, monday, by="Yo", user=placement.trainee.user)
    with pytest.raises(PlacementError, match="Say why"):
        services.decide_hours(placement, monday, by="Agencia", returned={entry.pk: ""})
    services.decide_hours(placement, monday, by="Agencia")
    entry.ends_at = time(17)
    with pytest.raises(PlacementError, match="approved and can no longer be changed"):
        services.log_hours(entry)
    assert services.approved_hours(placement) == 4
    with pytest.raises(PlacementError, match="No hours of that week"):
        services.decide_hours(placement, monday, by="Agencia")


class HoursMachine(RuleBasedStateMachine):
    """Random sequences of what trainees, supervisors and coordinators do with hours."""

    entries = Bundle("entries")
    placement = None  # made once by the test; each run's changes are rolled back after it

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.placement.refresh_from_db()
        self.today = date.today()
        self.expected = {}  # entry pk → (state, hours, date, starts, ends) as last seen
        self.closed = False

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _remember(self):
        """Note each entry as stored now; an approved one keeps what it was approved with."""
        for entry in HoursEntry.objects.filter(placement=self.placement):
            seen = self.expected.get(entry.pk)
            if seen is not None and seen[0] in HoursEntry.COUNTED:
                self.expected[entry.pk] = (entry.state, *seen[1:])
            else:
                self.expected[entry.pk] = (
                    entry.state,
                    entry.hours,
                    entry.date,
                    entry.starts_at,
                    entry.ends_at,
                )

    @rule(
        target=entries,
        days_ago=st.integers(1, 20),
        start=st.integers(6, 18),
        length=st.integers(1, 5),
    )
    def log(self, days_ago, start, length):
        entry = _entry(
            self.placement,
            self.today - timedelta(days=days_ago),
            (start,),
            (min(start + length, 23),),
        )
        try:
            services.log_hours(entry)
        except PlacementError:
            return None
        assert not self.closed
        self._remember()
        return entry.pk

    @rule(pk=entries, length=st.integers(1, 4))
    def edit(self, pk, length):
        if pk is None:
            return
        entry = HoursEntry.objects.get(pk=pk)
        was = self.expected[pk][0]
        entry.ends_at = time(min(entry.starts_at.hour + length, 23))
        try:
            services.log_hours(entry)
        except PlacementError:
            entry.refresh_from_db()
            assert entry.hours == self.expected[pk][1]
            return
        assert was in HoursEntry.EDITABLE and not self.closed
        self._remember()

    @rule()
    def submit(self):
        try:
            services.submit_hours(self.placement)
        except PlacementError:
            assert self.closed  # a closed placement takes no more submissions
        self._remember()

    @rule(pk=entries, give_back=st.booleans())
    def decide_week(self, pk, give_back):
        if pk is None:
            return
        entry = HoursEntry.objects.get(pk=pk)
        returned = {pk: "Falta detalle"} if give_back else {}
        with contextlib.suppress(PlacementError):
            services.decide_hours(
                self.placement, services.week_of(entry.date), by="Agencia", returned=returned
            )
        self._remember()

    @rule(pk=entries)
    def trainee_tries_to_approve(self, pk):
        if pk is None:
            return
        entry = HoursEntry.objects.get(pk=pk)
        monday = services.week_of(entry.date)
        with pytest.raises(PlacementError):
            services.decide_hours(self.placement, monday, by="Yo", user=self.placement.trainee.user)

    @rule(minutes=st.integers(10, 120))
    def supervise(self, minutes):
        session = SupervisionSession.objects.create(
            supervisor=self.placement.academic_supervisor,
            date=self.today,
            minutes=minutes,
            kind="individual",
            topics="Casos",
        )
        session.placements.add(self.placement)

    @rule()
    def close(self):
        if not self.closed:
            services.terminate(self.placement, "Fin anticipado")
            self.closed = True
            self._remember()

    @invariant()
    def approved_hours_never_change_and_count_once(self):
        counted = {pk: seen for pk, seen in self.expected.items() if seen[0] in HoursEntry.COUNTED}
        stored = {
            entry.pk: (entry.state, entry.hours, entry.date, entry.starts_at, entry.ends_at)
            for entry in HoursEntry.objects.filter(pk__in=counted)
        }
        for pk, seen in counted.items():
            assert stored[pk][1:] == seen[1:]
            assert stored[pk][0] in HoursEntry.COUNTED
        total = sum((seen[1] for seen in counted.values()), Decimal(0))
        assert services.approved_hours(self.placement) == total
        (progress,) = reports.progress(type(self.placement).objects.filter(pk=self.placement.pk))
        assert progress.approved == total


def test_approved_hours_are_never_changed_nor_counted_twice(placement):
    HoursMachine.placement = placement
    run_state_machine_as_test(
        HoursMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
