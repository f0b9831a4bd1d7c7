"""Who may give whom which role where: every role of two regions' institutions and their
authorities, trying to grant every role at their own and at another region's institutions."""

import pytest
from django.urls import reverse

from core.models import Membership, Role
from core.models.tenancy import GRANTED_BY_ADMINISTRATORS
from tests import factories, worlds

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(home):
    """Per region: its teaching institution's world and its authority's world."""
    made = {}
    for tag in ("Alfa", "Beta"):
        region = factories.region(f"Región {tag}")
        teaching = worlds.teaching_institution(tag, region)
        made[tag] = (teaching, worlds.supervising_authority(tag, region, [teaching.institution]))
    return made


def may_grant(granter, granted_at, role, superuser):
    """The rule: the platform administrator grants every role; an institution's
    administrator the roles below their own there; an evaluator exists only in an authority."""
    if role == Role.EVALUATOR and granted_at.oversight_region_id is None:
        return False
    if superuser:
        return True
    administers = Membership.objects.filter(
        user=granter, institution=granted_at, role=Role.INSTITUTION_ADMIN
    ).exists()
    return administers and role in GRANTED_BY_ADMINISTRATORS


def test_every_role_grants_only_the_roles_below_it_in_its_own_institution(client, regions):
    (alfa, alfa_authority), (beta, beta_authority) = regions["Alfa"], regions["Beta"]
    granters = [
        *((f"{role}@alfa", person) for role, person in alfa.people.items()),
        *((f"{role}@autoridad-alfa", person) for role, person in alfa_authority.people.items()),
        ("superuser", factories.user(email="root@example.org", is_superuser=True)),
    ]
    places = [
        alfa.institution,
        alfa_authority.institution,
        beta.institution,
        beta_authority.institution,
    ]
    wrong = []
    for name, granter in granters:
        client.force_login(granter)
        for place in places:
            for role in Role:
                email = f"{name.replace('@', '.')}.{role}.{place.slug}@example.org"
                client.post(
                    reverse("memberships:add"),
                    {"email": email, "institution": place.pk, "role": role},
                )
                granted = Membership.objects.filter(
                    user__email=email, institution=place, role=role
                ).exists()
                if granted != may_grant(granter, place, role, granter.is_superuser):
                    wrong.append(f"{name} {'granted' if granted else 'refused'} {role} at {place}")
    assert not wrong


def test_an_administrator_cannot_make_themselves_an_evaluator(client, regions):
    alfa, alfa_authority = regions["Alfa"]
    admin = alfa.people[Role.INSTITUTION_ADMIN]
    client.force_login(admin)
    refused = client.post(
        reverse("memberships:add"),
        {"email": admin.email, "institution": alfa.institution.pk, "role": Role.EVALUATOR},
    )
    assert refused.status_code == 200 and refused.context["form"].errors["role"]
    assert not admin.memberships.filter(role=Role.EVALUATOR).exists()
    client.post(
        reverse("memberships:add"),
        {
            "email": admin.email,
            "institution": alfa_authority.institution.pk,
            "role": Role.EVALUATOR,
        },
    )
    assert not admin.memberships.filter(role=Role.EVALUATOR).exists()


def test_an_administrator_neither_changes_nor_withdraws_a_fellow_administrator(client, regions):
    alfa, _authority = regions["Alfa"]
    client.force_login(alfa.people[Role.INSTITUTION_ADMIN])
    fellow = factories.member(alfa.institution, Role.INSTITUTION_ADMIN)
    theirs = Membership.objects.get(user=fellow)
    assert client.get(reverse("memberships:edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("memberships:delete", args=[theirs.pk])).status_code == 404
    author = Membership.objects.get(
        institution=alfa.institution, user=alfa.people[Role.COURSE_AUTHOR]
    )
    assert client.get(reverse("memberships:edit", args=[author.pk])).status_code == 200
    raised = client.post(
        reverse("memberships:edit", args=[author.pk]),
        {"institution": alfa.institution.pk, "role": Role.INSTITUTION_ADMIN},
    )
    assert raised.status_code == 200
    author.refresh_from_db()
    assert author.role == Role.COURSE_AUTHOR and Membership.objects.filter(pk=theirs.pk).exists()
