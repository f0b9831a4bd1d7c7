"""No menu item leads to "permission denied": every role of an institution and of an
authority opens every link its editor menu shows."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from core.models import Role
from tests import factories, worlds
from tests.worlds import TEACHING_ROLES

pytestmark = pytest.mark.django_db


def menu_urls(menu, request):
    """The links the menu shows this request's user, submenus included."""
    for item in menu.menu_items_for_request(request):
        if isinstance(item, SubmenuMenuItem):
            yield from menu_urls(item.menu, request)
        else:
            yield item.url


def test_every_menu_link_a_role_sees_opens(client, home):
    region = factories.region("Región Alfa")
    teaching = worlds.teaching_institution("Alfa", region)
    authority = worlds.supervising_authority("Alfa", region, [teaching.institution])
    people = [teaching.people[role] for role in TEACHING_ROLES] + [
        authority.people[role] for role in (Role.INSTITUTION_ADMIN, Role.EVALUATOR)
    ]
    reverse("wagtailadmin_home")  # the admin's URLs register its viewsets and their menus
    refused = []
    for person in people:
        request = RequestFactory().get("/admin/")
        request.user = person
        urls = sorted(set(menu_urls(admin_menu, request)))
        assert urls, person
        client.force_login(person)
        for url in urls:
            if url.startswith("/admin/") and client.get(url).status_code != 200:
                refused.append(f"{person.email}: {url}")
    assert refused == []
