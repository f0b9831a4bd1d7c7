"""An institution picker offers only the person's institutions, and someone who works at just
one finds it chosen with no empty choice left to pick by mistake."""

import pytest
from django.urls import reverse

from core.models import Role
from tests import factories
from tests.forms import choices, chosen

pytestmark = pytest.mark.django_db

# Forms with an institution picker, by the role that opens them.
FORMS = {
    Role.INSTITUTION_ADMIN: ["memberships:add", "offerings:add"],
    Role.PLACEMENT_COORDINATOR: ["/admin/faculty-members/import/"],
}


def url_of(name):
    return name if name.startswith("/") else reverse(name)


@pytest.mark.parametrize(
    ("role", "form"), [(role, form) for role, forms in FORMS.items() for form in forms]
)
def test_someone_at_one_institution_finds_it_chosen(client, home, role, form):
    institution = factories.institution()
    factories.institution()  # another, not theirs
    client.force_login(factories.member(institution, role))
    html = client.get(url_of(form)).text
    assert choices(html, "institution") == {str(institution.pk)}
    assert chosen(html, "institution") == {str(institution.pk)}


@pytest.mark.parametrize(
    ("role", "form"), [(role, form) for role, forms in FORMS.items() for form in forms]
)
def test_someone_at_two_institutions_chooses_one(client, home, role, form):
    first, second = factories.institution(), factories.institution()
    person = factories.member(first, role)
    factories.member(second, role, person)
    client.force_login(person)
    html = client.get(url_of(form)).text
    assert choices(html, "institution") == {"", str(first.pk), str(second.pk)}
    assert chosen(html, "institution") <= {""}  # the empty choice, until one is picked
