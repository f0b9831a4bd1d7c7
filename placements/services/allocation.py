"""Trainees' applications for a placement programme, with their ranked preferences."""

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Trainee
from placements.models import (
    ConflictOfInterest,
    Placement,
    PlacementApplication,
    PlacementPreference,
    PlacementProgramme,
    PracticeBase,
)
from placements.services.common import PlacementError


def apply(
    trainee: Trainee,
    programme: PlacementProgramme,
    preferences: list[tuple[str, int | str]],
    conflict: PracticeBase | None = None,
    reason: str = "",
) -> PlacementApplication:
    """Record (or replace) the trainee's application for the term the programme takes
    applications for; preferences are ("base" or "field", pk) pairs, first choice first."""
    term = programme.application_term
    if not term:
        raise PlacementError(
            _("%(programme)s is not taking applications.") % {"programme": programme}
        )
    if (
        Placement.objects.taking_places()
        .filter(trainee=trainee, programme=programme, term=term)
        .exists()
    ):
        raise PlacementError(
            _("You already have a placement in this programme for %(term)s.") % {"term": term}
        )
    if not preferences:
        raise PlacementError(_("Choose at least one base or field."))
    with transaction.atomic():
        application, _created = PlacementApplication.objects.get_or_create(
            programme=programme, term=term, trainee=trainee
        )
        application.preferences.all().delete()
        application.conflicts.all().delete()
        PlacementPreference.objects.bulk_create(
            PlacementPreference(application=application, rank=rank, **{f"{kind}_id": int(pk)})
            for rank, (kind, pk) in enumerate(preferences, start=1)
        )
        if conflict is not None:
            ConflictOfInterest.objects.create(
                application=application, base=conflict, reason=reason.strip()[:255]
            )
    return application
