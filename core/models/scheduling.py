"""The time slots of periodic work already claimed (core.scheduling)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One periodic task's slot, claimed by the scheduler that enqueued it: the unique row is
    what lets only one of several schedulers enqueue it."""

    name = models.CharField(_("task"), max_length=100)
    slot = models.DateTimeField(_("time slot"))
    enqueued_at = models.DateTimeField(_("enqueued"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="core_scheduled_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.slot.isoformat()}"
