import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from core.models import Institution, Region, Role, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_region_levels_must_nest_province_city_district():
    province = factories.region("Sichuan")
    city = Region(name="Chengdu", level=Region.Level.CITY, parent=province)
    city.full_clean()
    city.save()
    with pytest.raises(ValidationError) as error, translation.override("en"):
        Region(name="Wuhou", level=Region.Level.DISTRICT, parent=province).full_clean()
    assert "must be part of a city" in str(error.value)
    with pytest.raises(ValidationError):
        Region(name="Gansu", level=Region.Level.PROVINCE, parent=city).full_clean()
    assert str(Region(name="Wuhou", level=Region.Level.DISTRICT, parent=city)) == (
        "Sichuan › Chengdu › Wuhou"
    )


def test_region_within_covers_the_whole_branch_only():
    sichuan = factories.region("Sichuan")
    chengdu = factories.region("Chengdu", Region.Level.CITY, sichuan)
    wuhou = factories.region("Wuhou", Region.Level.DISTRICT, chengdu)
    factories.region("Gansu")
    assert set(Region.within(sichuan)) == {sichuan, chengdu, wuhou}


def test_email_is_the_login_and_unique_whatever_its_case():
    person = User.objects.create_user(email="  Li.Wei@Example.ORG ", password="x")
    assert person.email == "li.wei@example.org"
    assert User.objects.get_by_natural_key("LI.WEI@example.org") == person
    with pytest.raises(IntegrityError):
        User.objects.create(email="LI.WEI@EXAMPLE.ORG")


def test_institution_scope_follows_admin_memberships():
    a, b = factories.institution(), factories.institution()
    admin = factories.member(a, Role.INSTITUTION_ADMIN)
    author = factories.member(b, Role.COURSE_AUTHOR)
    boss = factories.user(is_superuser=True)
    assert list(Institution.objects.administered_by(admin)) == [a]
    assert not Institution.objects.administered_by(author).exists()
    assert set(Institution.objects.administered_by(boss)) == {a, b}


def test_supervising_authority_oversees_its_region_read_only():
    sichuan = factories.region("Sichuan")
    chengdu = factories.region("Chengdu", Region.Level.CITY, sichuan)
    in_region = factories.institution(region=chengdu)
    elsewhere = factories.institution(region=factories.region("Gansu"))
    authority = factories.institution(
        kind=Institution.Kind.GOVERNMENT_DEPARTMENT, region=chengdu, oversight_region=sichuan
    )
    evaluator = factories.member(authority, Role.EVALUATOR)
    overseen = set(Institution.objects.overseen_by(evaluator))
    assert in_region in overseen and elsewhere not in overseen
    assert not Institution.objects.administered_by(evaluator).exists()
    assert not Institution.objects.overseen_by(factories.member(elsewhere)).exists()
