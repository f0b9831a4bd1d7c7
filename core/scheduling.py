"""Periodic work: each app marks the tasks to run every so often (`every`, in its `tasks.py`),
and the scheduler (`manage.py scheduler`) enqueues each at its times for the task worker.

Each run belongs to a time slot (a minute, five minutes, a day at 07:00…, in the site's time
zone). A scheduler claims a slot by inserting its row (`ScheduledRun`, unique per task and
slot) in the transaction that enqueues the task, so however many schedulers run, on however
many machines, each slot's task is enqueued once; a slot missed while no scheduler ran is not
made up later, its next one runs.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from core.models import ScheduledRun

logger = logging.getLogger(__name__)

# Claimed slots are kept this long, to read when periodic work last ran.
KEPT_FOR = datetime.timedelta(days=30)
# Where slots are counted from, in the site's time zone: a Monday, so weekly slots start on one.
EPOCH = datetime.datetime(2000, 1, 3)


@dataclass(frozen=True)
class Periodic:
    task: Task[[], None]  # periodic tasks take no argument
    interval: datetime.timedelta
    at: datetime.timedelta  # into each interval, counted from midnight

    @property
    def name(self) -> str:
        return self.task.module_path

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the slot `now` falls in, by the site's clock (a daily task at 07:00
        stays at 07:00 when summer time begins)."""
        local = timezone.localtime(now)
        epoch = timezone.make_aware(EPOCH, local.tzinfo) + self.at
        return epoch + (local - epoch) // self.interval * self.interval


PERIODIC: dict[str, Periodic] = {}


def every(
    interval: datetime.timedelta, at: datetime.timedelta = datetime.timedelta()
) -> Callable[[Task[[], None]], Task[[], None]]:
    """Run the task once in each `interval`, `at` into it (a day's task at 07:00: `at` = 7
    hours)."""

    def register(task: Task[[], None]) -> Task[[], None]:
        periodic = Periodic(task, interval, at)
        PERIODIC[periodic.name] = periodic
        return task

    return register


def discover() -> dict[str, Periodic]:
    """Every app's periodic tasks: those its `tasks` module marks."""
    autodiscover_modules("tasks")
    return PERIODIC


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each periodic task whose current slot no scheduler has claimed yet; the names of
    those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for periodic in discover().values():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=periodic.name, slot=periodic.slot(now))
                periodic.task.enqueue()
        except IntegrityError:
            continue  # another scheduler claimed this slot
        enqueued.append(periodic.name)
    ScheduledRun.objects.filter(slot__lt=now - KEPT_FOR).delete()
    if enqueued:
        logger.info("Enqueued %s", ", ".join(enqueued))
    return enqueued
