"""Course versions that offerings keep: what changed between the version an offering teaches
and the course's published one, and moving an offering to it before anyone is graded."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from courses.models import CourseOffering, CoursePage


class VersionError(ValueError):
    """An offering that cannot move to the course's published version, with why."""


@dataclass(frozen=True)
class Change:
    """One figure of the course in both versions; `None` where a version has no such item."""

    label: StrOrPromise
    taught: Decimal | int | None
    published: Decimal | int | None

    @property
    def changed(self) -> bool:
        return self.taught != self.published

    @property
    def values(self) -> tuple[Decimal | int | None, Decimal | int | None]:
        return self.taught, self.published


@dataclass(frozen=True)
class Differences:
    hours: list[Change]
    components: list[Change]  # by name in the published version, else in the taught one
    completion: list[Change]
    units_added: list[str]
    units_removed: list[str]

    @property
    def any(self) -> bool:
        return bool(
            self.units_added
            or self.units_removed
            or any(c.changed for c in [*self.hours, *self.components, *self.completion])
        )


def differences(taught: CoursePage, published: CoursePage) -> Differences:
    """What moving from the version `taught` to `published` changes for trainees: hours,
    assessment components and their weights (matched by their stable block ids), what
    completing takes, and the units added or removed."""
    hours_before, hours_after = taught.hours, published.hours
    before = {block_id: (name, weight) for block_id, name, weight in taught.assessment_components()}
    after = {
        block_id: (name, weight) for block_id, name, weight in published.assessment_components()
    }
    components = [
        Change(name, before[block_id][1] if block_id in before else None, weight)
        for block_id, (name, weight) in after.items()
    ] + [
        Change(name, weight, None)
        for block_id, (name, weight) in before.items()
        if block_id not in after
    ]
    units_before = {unit.id: unit.value["title"] for unit in taught.units}
    units_after = {unit.id: unit.value["title"] for unit in published.units}
    return Differences(
        hours=[
            Change(label, hours_before[kind], hours_after[kind])
            for kind, label in (
                ("theory_hours", _("Theory hours")),
                ("practice_hours", _("Practice hours")),
                ("supervision_hours", _("Supervision hours")),
                ("total", _("Total hours")),
            )
        ],
        components=components,
        completion=[
            Change(_("Pass mark"), taught.pass_mark, published.pass_mark),
            Change(
                _("Attendance required (%)"),
                taught.attendance_threshold,
                published.attendance_threshold,
            ),
            Change(_("Credits"), taught.credits, published.credits),
        ],
        units_added=[title for pk, title in units_after.items() if pk not in units_before],
        units_removed=[title for pk, title in units_before.items() if pk not in units_after],
    )


def why_not_movable(offering: CourseOffering) -> str:
    """Why the offering must keep its version; empty when it may move."""
    if not offering.on_earlier_version:
        return _("%(offering)s already teaches the course's published version.") % {
            "offering": offering.code
        }
    if offering.may_move_version:
        return ""
    if offering.status not in CourseOffering.STILL_TAUGHT:
        return _("%(offering)s is %(status)s: it keeps the version it was taught from.") % {
            "offering": offering.code,
            "status": offering.get_status_display().lower(),
        }
    return _(
        "%(offering)s has grades: they were given on the components and weights of its "
        "version, so it keeps that version to the end of the run."
    ) % {"offering": offering.code}


def move_to_published_version(offering: CourseOffering) -> CourseOffering:
    """Pin the course's published revision, checked again under a lock: grades are recorded
    under the same lock, so none can arrive in between."""
    with transaction.atomic():
        locked = (
            CourseOffering.objects.select_for_update(of=("self",))
            .select_related("course", "course_revision")
            .get(pk=offering.pk)
        )
        if reason := why_not_movable(locked):
            raise VersionError(reason)
        locked.pin_course()
        locked.save(update_fields=["course_revision", "course_pinned_at"])
    return locked
