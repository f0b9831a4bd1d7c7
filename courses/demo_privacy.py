"""The demo's erasure: a trainee of a finished run asked the university to forget them, so its
administrator removed them from its records. The university's trainee list shows an
anonymous "— —" in their place, its history shows the erasure, and the run's completion
figures are unchanged; the person's account and profile are theirs, and stay."""

from core.models import User
from core.privacy import ERASED
from core.services import erase_person
from courses.models import CourseOffering, Trainee

ADMIN = "institucion@praxis.example"
DEMO_TRAINEE = "estudiante@praxis.example"


def load() -> list[str]:
    if Trainee.objects.filter(family_name=ERASED).exists():
        return []
    admin = User.objects.filter(email=ADMIN).first()
    trainee = (
        Trainee.objects.filter(
            enrolments__offering__status=CourseOffering.Status.FINISHED,
            enrolments__offering__institution__memberships__user=admin,
        )
        .exclude(user__email=DEMO_TRAINEE)
        .order_by("pk")
        .first()
    )
    if admin is None or trainee is None:
        return []
    erase_person(trainee, by=admin)
    return [f"the personal data of trainee #{trainee.pk}, erased at their request"]
