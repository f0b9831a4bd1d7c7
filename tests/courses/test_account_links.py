"""The header's links to one's own training (My learning, My placements) are for the people who
train: staff who do not train see the editor's link instead, and staff who also train see
both."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def header_links(client):
    """The paths of the header's account navigation on the home page, in Spanish."""
    html = client.get("/es/").text
    account = re.search(r'<nav class="site-nav" aria-label="[^"]*">(.*?)</nav>', html, re.S)[1]
    return set(re.findall(r'<a href="([^"]+)"', account))


@pytest.fixture
def paths(home):
    with translation.override("es"):
        return {
            "learning": reverse("courses:dashboard"),
            "placements": reverse("placements:mine"),
            "editor": reverse("wagtailadmin_home"),
        }


def test_a_trainee_sees_their_learning_and_placements_and_no_editor(client, paths):
    client.force_login(factories.trainee().user)
    links = header_links(client)
    assert {paths["learning"], paths["placements"]} <= links
    assert paths["editor"] not in links


def test_someone_just_signed_up_finds_where_their_learning_will_be(client, paths):
    client.force_login(factories.user())
    assert {paths["learning"], paths["placements"]} <= header_links(client)


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.COURSE_AUTHOR, Role.PLACEMENT_COORDINATOR])
def test_staff_who_do_not_train_see_the_editor_instead(client, paths, role):
    client.force_login(factories.member(factories.institution(), role))
    links = header_links(client)
    assert paths["editor"] in links
    assert paths["learning"] not in links and paths["placements"] not in links


def test_staff_who_also_train_see_both(client, paths):
    person = factories.member(factories.institution(), Role.FACULTY)
    factories.trainee(person)
    client.force_login(person)
    assert {paths["editor"], paths["learning"], paths["placements"]} <= header_links(client)


def test_visitors_see_neither(client, paths):
    links = header_links(client)
    assert not links & {paths["learning"], paths["placements"], paths["editor"]}
