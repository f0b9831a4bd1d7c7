"""The demo's invitations: the university invited three people from a spreadsheet to its open
run of TS-101. One accepted and has a seat; two have not answered yet, one of them a trainee
who studies elsewhere (the university learned nothing about them by inviting them) and one a
person without an account, who chooses a password from the e-mail's link."""

from django.db import transaction

from courses import invitations
from courses.models import CourseOffering, EnrolmentInvitation, Trainee

OFFERING = "TS-101-2027A"
PEOPLE = [
    {"email": "rosa.mendez@praxis.example", "family_name": "Méndez", "given_name": "Rosa",
     "employer": "Centro comunitario de Jinjiang"},
    {"email": "hu.jing@praxis.example", "family_name": "胡", "given_name": "静",
     "id_number": "510104199105230047", "employer": "成华区社会工作服务中心"},
]  # fmt: skip


@transaction.atomic
def load() -> list[str]:
    offering = CourseOffering.objects.filter(code=OFFERING).first()
    if offering is None or EnrolmentInvitation.objects.exists():
        return []
    elsewhere = (
        Trainee.objects.exclude(user=None)
        .exclude(enrolments__offering__institution=offering.institution)
        .order_by("pk")
        .first()
    )
    people = list(PEOPLE)
    if elsewhere is not None and elsewhere.user is not None:  # it has an account
        people.append(
            {
                "email": elsewhere.user.email,
                "family_name": elsewhere.family_name,
                "given_name": elsewhere.given_name,
            }
        )
    made = [invitations.invite(offering, person) for person in people]
    invitations.accept(made[0])
    return [f"{len(made)} invitations to {OFFERING}, one accepted"]
