"""The scheduler enqueues each periodic task once per time slot, by the site's clock, however
many schedulers run at once."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from core.models import ScheduledRun
from core.scheduling import discover, enqueue_due

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
EVERY = {
    "core.tasks.publish_scheduled",
    "core.tasks.requeue_stalled_tasks",
    "placements.tasks.alert_agreement_renewals",
}


def test_each_periodic_task_is_enqueued_once_per_slot():
    now = datetime(2026, 12, 5, 9, 30, 20, tzinfo=SHANGHAI)
    assert set(enqueue_due(now)) == EVERY
    assert enqueue_due(now + timedelta(seconds=30)) == []  # the same minute
    assert enqueue_due(now + timedelta(minutes=1)) == ["core.tasks.publish_scheduled"]
    later = enqueue_due(now + timedelta(minutes=5))
    assert set(later) == {"core.tasks.publish_scheduled", "core.tasks.requeue_stalled_tasks"}
    assert ScheduledRun.objects.count() == 6


def test_a_daily_task_runs_at_its_hour_by_the_sites_clock():
    renewals = discover()["placements.tasks.alert_agreement_renewals"]
    morning = datetime(2026, 12, 5, 7, 0, tzinfo=SHANGHAI)
    assert renewals.slot(morning + timedelta(hours=3)) == morning
    assert renewals.slot(morning - timedelta(minutes=1)) == morning - timedelta(days=1)


def test_the_command_enqueues_what_is_due_and_stops_with_once(capsys):
    call_command("scheduler", "--once")
    assert "3 periodic task(s) enqueued." in capsys.readouterr().out
    call_command("scheduler", "--once")
    assert "0 periodic task(s) enqueued." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schedulers_started_at_once_enqueue_each_slot_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer; CI runs this on PostgreSQL")
    now = datetime(2026, 12, 5, 9, 30, tzinfo=SHANGHAI)
    barrier = threading.Barrier(8)
    enqueued: list[str] = []

    def schedule() -> None:
        try:
            barrier.wait()
            enqueued.extend(enqueue_due(now))
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(enqueued) == sorted(EVERY)
    assert ScheduledRun.objects.count() == len(EVERY)
