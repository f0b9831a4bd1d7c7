"""From finding a course to a place in it without a wrong turn: the catalog and the course page
say when each edition starts, how many seats are left and whether it is open; "Enrol" takes a
new person to one form that ends enrolled; a course with no edition offers its interest list,
whose people are e-mailed once when an edition opens."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.models import User
from core.services import alias_in_every_locale, preferred_language
from courses.models import CourseIndexPage, CourseInterest, CourseOffering, Enrolment, Trainee
from courses.services import enrol
from curriculum.models import ProfessionalLevel
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "first_name": "Lin",
    "last_name": "Xiaoyu",
    "email": "lin.xiaoyu@example.org",
    "password1": "practica-supervisada-2026",
    "password2": "practica-supervisada-2026",
    "consents_to_data_use": "on",
}


@pytest.fixture
def course(two_institutions):
    return factories.course(two_institutions[0], title="Intervención en crisis")


@pytest.fixture
def catalog(home):
    page = CourseIndexPage(title="Catálogo de cursos", slug="cursos")
    home.add_child(instance=page)
    page.save_revision().publish()
    alias_in_every_locale(page)
    return page


def test_catalog_cards_show_the_next_edition_filter_open_ones_and_sort_by_start(
    client, two_institutions, catalog
):
    a = two_institutions[0]
    open_soon = factories.course(a, title="B · abierto, empieza pronto")
    later = factories.course(a, title="A · abre más adelante")
    factories.course(a, title="C · sin edición")
    edition = factories.offering(
        open_soon, capacity=3, starts_on=timezone.localdate() + timedelta(days=20)
    )
    factories.enrolment(edition)
    factories.session(edition, venue="Aula Magna")
    now = timezone.now()
    factories.offering(later, enrolment_opens_at=now + timedelta(days=5),
                       starts_on=timezone.localdate() + timedelta(days=60))  # fmt: skip

    with CaptureQueriesContext(connection) as first:
        response = client.get("/en" + catalog.url[3:])
    cards = {card.course.title: card.edition for card in response.context["cards"]}
    assert cards["B · abierto, empieza pronto"].state == "seats"
    assert cards["B · abierto, empieza pronto"].offering.seats_left == 2
    assert cards["A · abre más adelante"].state == "later"
    assert cards["C · sin edición"] is None
    html = response.text
    assert "2 seats left" in html and "Aula Magna" in html and "Open for enrolment" in html
    assert "Enrolment opens on" in html

    open_now = client.get(catalog.url, {"open": "now"})
    assert [c.title for c in open_now.context["page_obj"]] == ["B · abierto, empieza pronto"]
    facet = next(f for f in response.context["facets"] if f["name"] == "open")
    assert facet["options"][0]["count"] == 1

    by_start = client.get(catalog.url, {"sort": "start"})
    assert [c.title for c in by_start.context["page_obj"]] == [
        "B · abierto, empieza pronto",
        "A · abre más adelante",
        "C · sin edición",
    ]
    # A facet's links keep the order chosen.
    assert all("sort=start" in o["url"] for f in by_start.context["facets"] for o in f["options"])

    for n in range(3):  # the cards take the same queries however many courses have editions
        factories.offering(factories.course(a, title=f"D · {n}"))
    with CaptureQueriesContext(connection) as more:
        client.get("/en" + catalog.url[3:])
    assert len(more) == len(first)


def test_the_course_pages_main_action_says_when_it_starts_and_how_many_seats_are_left(
    client, course
):
    edition = factories.offering(course, capacity=8)
    page = client.get("/en" + course.url[3:]).text
    start = edition.starts_on.strftime("%-d %B")
    assert f"Enrol — starts {start}, 8 seats left" in page or "8 seats left" in page
    assert f'href="/en/learn/offerings/{edition.pk}/join/"' in page

    edition.capacity = 1
    edition.save()
    factories.enrolment(edition)
    full = client.get("/en" + course.url[3:]).text
    assert "Join the waiting list" in full

    edition.waitlist = False
    edition.save()
    closed = client.get("/en" + course.url[3:]).text
    assert "Tell me when the next edition opens" in closed and "join/" not in closed


def test_a_new_person_enrols_with_one_submission_and_lands_on_the_offering(
    client, course, mailoutbox, django_capture_on_commit_callbacks
):
    edition = factories.offering(course)
    factories.session(edition)
    form = client.get(f"/es/learn/offerings/{edition.pk}/join/")
    assert "id_email" in form.text and "id_consents_to_data_use" in form.text
    assert "id_family_name" not in form.text  # given once, for the account
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/es/learn/offerings/{edition.pk}/join/", NEW_PERSON)
    assert response["Location"] == f"/es/learn/offerings/{edition.pk}/"
    trainee = Trainee.objects.get(user__email="lin.xiaoyu@example.org")
    assert (trainee.family_name, trainee.given_name) == ("Xiaoyu", "Lin")
    assert trainee.enrolments.get().status == Enrolment.Status.ENROLLED
    assert client.get(response["Location"]).status_code == 200  # signed in
    # The e-mail says what comes next: the first session and the offering's page.
    body = mailoutbox[-1].body
    assert "Aula 2" in body and f"/es/learn/offerings/{edition.pk}/" in body
    assert preferred_language(trainee.user_id) == "es"  # later e-mails too


def test_a_person_who_signed_up_in_chinese_is_told_in_chinese_of_a_spanish_offering(
    client, course, mailoutbox, django_capture_on_commit_callbacks
):
    edition = factories.offering(course)
    client.post("/zh-hans/accounts/signup/", NEW_PERSON)
    user = User.objects.get(email=NEW_PERSON["email"])
    trainee = factories.trainee(user)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        enrol(trainee, edition, by_staff=True)  # staff enrol them from a Spanish screen
    assert mailoutbox[-1].subject == f"您已报名 {edition.code} · {course.title}"


def test_an_ineligible_new_person_is_told_why_and_nothing_is_kept(client, course):
    edition = factories.offering(course)
    edition.eligible_levels.set([ProfessionalLevel.objects.get(code="social-worker")])
    response = client.post(f"/en/learn/offerings/{edition.pk}/join/", NEW_PERSON)
    assert response.status_code == 200 and "professional level" in response.context["error"]
    assert not User.objects.filter(email="lin.xiaoyu@example.org").exists()
    assert not Trainee.objects.exists()


def test_a_signed_in_person_without_a_profile_enrols_in_one_submission(client, course):
    edition = factories.offering(course)
    person = factories.user(first_name="Ana", last_name="Ruiz")
    client.force_login(person)
    clicked = client.post(f"/es/learn/offerings/{edition.pk}/enrol/")
    assert clicked["Location"] == f"/es/learn/offerings/{edition.pk}/join/"
    form = client.get(clicked["Location"]).text
    assert 'value="Ruiz"' in form and "id_email" not in form
    response = client.post(
        clicked["Location"],
        {"family_name": "Ruiz", "given_name": "Ana", "consents_to_data_use": "on"},
    )
    assert response["Location"] == f"/es/learn/offerings/{edition.pk}/"
    assert Enrolment.objects.get().trainee.user == person


def test_a_trainee_confirms_on_the_joining_page_and_a_closed_offering_is_a_404(client, course):
    edition = factories.offering(course)
    client.force_login(factories.trainee().user)
    assert client.post(f"/es/learn/offerings/{edition.pk}/join/").status_code == 302
    assert Enrolment.objects.get().offering == edition
    draft = factories.offering(course, status=CourseOffering.Status.DRAFT)
    assert client.get(f"/es/learn/offerings/{draft.pk}/join/").status_code == 404


def test_the_interest_list_is_emailed_once_when_an_edition_opens(
    client, course, mailoutbox, django_capture_on_commit_callbacks
):
    person = factories.user()
    client.force_login(person)
    page = client.get("/en" + course.url[3:]).text
    assert "Tell me when the next edition opens" in page
    client.post(f"/en/learn/courses/{course.pk}/interest/", {"answer": "ask"})
    interest = CourseInterest.objects.get()
    assert (interest.user, interest.language) == (person, "en")
    assert "We will e-mail you" in client.get("/en" + course.url[3:]).text

    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.offering(course, status=CourseOffering.Status.DRAFT)
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = CourseOffering.Status.OPEN
        draft.save()
    assert len(mailoutbox) == 1 and course.title in mailoutbox[0].subject
    assert draft.code in mailoutbox[0].body and "starts on" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        draft.save()
        factories.offering(course)
    assert len(mailoutbox) == 1  # told once

    client.post(f"/en/learn/courses/{course.pk}/interest/", {"answer": "ask"})
    client.post(f"/en/learn/courses/{course.pk}/interest/", {"answer": "stop"})
    assert not CourseInterest.objects.exists()


def test_the_interest_list_shows_to_the_institutions_administrators_only(
    client, course, two_institutions
):
    CourseInterest.objects.create(course=course, user=factories.user(), language="es")
    client.force_login(two_institutions[2])  # A's administrator
    assert client.get("/admin/course-interest/").context["object_list"].count() == 1
    client.force_login(two_institutions[3])  # B's author
    listing = client.get("/admin/course-interest/")
    assert listing.status_code in (302, 403) or listing.context["object_list"].count() == 0
