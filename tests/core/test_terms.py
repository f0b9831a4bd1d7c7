"""Terms are data: each institution's own, listed in the order they happen, the current one
found from today's date and offered first; another institution's term is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.models import Term
from core.models.terms import current_term
from tests import factories
from tests.forms import choices, chosen, visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _terms(institution):
    return [
        factories.term(institution, name)
        for name in ("Otoño 2027", "Primavera 2026", "Otoño 2026", "Primavera 2027")
    ]


def test_the_current_term_is_the_one_today_falls_in_else_the_next_else_the_last(
    two_institutions,
):
    terms = Term.objects.filter(pk__in=[t.pk for t in _terms(two_institutions[0])])
    names = [t.name_es for t in terms]
    assert names == ["Primavera 2026", "Otoño 2026", "Primavera 2027", "Otoño 2027"]
    assert terms.current(date(2026, 11, 2)).name_es == "Otoño 2026"
    assert terms.current(date(2026, 8, 10)).name_es == "Otoño 2026"  # the summer: the next
    assert terms.current(date(2030, 1, 1)).name_es == "Otoño 2027"  # after them all: the last
    assert current_term([]) is None


def test_an_administrator_keeps_only_their_institutions_terms(client, two_institutions):
    a, b, admin_a, author_b = two_institutions
    ours, theirs = factories.term(a), factories.term(b, "Otoño 2030")
    client.force_login(factories.in_english(admin_a))
    listing = visible_text(client.get("/admin/terms/").text)
    assert "Spring 2027" in listing and "Autumn 2030" not in listing
    assert client.get(f"/admin/terms/edit/{theirs.pk}/").status_code == 404
    response = client.post(
        "/admin/terms/new/",
        {
            "institution": a.pk,
            "name_es": "Verano 2027",
            "name_zh_hans": "2027年夏季学期",
            "name_en": "Summer 2027",
            "starts_on": "2027-08-31",
            "ends_on": "2027-07-16",
        },
    )
    assert "A term cannot end before it starts." in visible_text(response.text)
    with translation.override("en"):
        assert ours.name == "Spring 2027"  # the reader's language
    with translation.override("zh-hans"):
        assert ours.name == "2027年春季学期"
    client.force_login(author_b)  # not an administrator: may not add terms
    assert client.get("/admin/terms/new/").status_code == 302


def test_a_term_picker_opens_on_the_current_term_and_refuses_another_institutions(
    client, two_institutions
):
    a, b, admin_a, _author_b = two_institutions
    terms = _terms(a)
    theirs = factories.term(b, "Primavera 2027")
    current = Term.objects.filter(institution=a).current()
    client.force_login(admin_a)
    form = client.get("/admin/offerings/new/").text
    assert chosen(form, "term") == {str(current.pk)}
    placement_form = client.get("/admin/placements/new/").text
    assert str(theirs.pk) not in choices(placement_form, "term")
    assert {str(t.pk) for t in terms} <= choices(placement_form, "term")
    course = factories.course(a)
    offering = factories.offering(course, term=terms[0])
    offering.term = theirs
    with translation.override("en"), pytest.raises(ValidationError, match="institution's own"):
        offering.full_clean()
