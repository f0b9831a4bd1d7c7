import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.models import User
from core.permissions import signed_in
from tests import factories

pytestmark = pytest.mark.django_db


def url(name, language="es"):
    with translation.override(language):
        return reverse(name)


def signup_data(**overrides):
    return {
        "first_name": "Lin",
        "last_name": "Xiaoyu",
        "email": "lin.xiaoyu@example.org",
        "password1": "practica-supervisada-2026",
        "password2": "practica-supervisada-2026",
        **overrides,
    }


def test_a_trainee_signs_up_and_is_signed_in_without_admin_access(client, home):
    response = client.post(url("account:signup"), signup_data())
    assert response.status_code == 302
    trainee = User.objects.get(email="lin.xiaoyu@example.org")
    assert not trainee.is_staff and not trainee.has_perm("wagtailadmin.access_admin")
    assert client.get("/es/").context["user"] == trainee
    admin = client.get(reverse("wagtailadmin_home"))
    assert admin.status_code == 302 and "login" in admin.url


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "LIN.XIAOYU@example.org"}, "already exists"),
        ({"email": "no-es-un-correo"}, "valid email"),
        ({"password1": "123456789", "password2": "123456789"}, "too common"),
        ({"password1": "corta", "password2": "corta"}, "too short"),
        ({"password2": "otra-cosa-distinta-2026"}, "didn’t match"),
    ],
)
def test_bad_sign_up_gets_a_clear_error_and_creates_nothing(client, home, overrides, message):
    factories.user(email="lin.xiaoyu@example.org")
    if "email" not in overrides:
        overrides["email"] = "otra.persona@example.org"
    with translation.override("en"):
        response = client.post(url("account:signup", "en"), signup_data(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert User.objects.count() == 1


def test_forms_refuse_a_post_without_a_csrf_token(home):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url("account:signup"), signup_data()).status_code == 403
    assert strict.post(url("account:login"), {"username": "x", "password": "y"}).status_code == 403
    assert not User.objects.exists()


def test_sign_in_and_out(client, home):
    person = factories.user(email="docente@example.org")
    response = client.post(
        url("account:login"), {"username": "Docente@Example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/es/").context["user"] == person
    assert client.get(url("account:logout")).status_code == 405  # sign-out is a POST
    client.post(url("account:logout"))
    assert not client.get("/es/").context["user"].is_authenticated


def test_repeated_failed_log_ins_lock_the_account_out(client, home):
    factories.user(email="docente@example.org")
    for _attempt in range(5):
        client.post(url("account:login"), {"username": "docente@example.org", "password": "mal"})
    locked = client.post(
        url("account:login"), {"username": "docente@example.org", "password": factories.PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many attempts" in locked.text or "intentos" in locked.text
    assert not client.get("/es/").context["user"].is_authenticated


def test_another_spelling_of_the_address_buys_no_more_tries(client, home):
    factories.user(email="docente@example.org")
    spellings = ["docente@example.org", "Docente@example.org", " DOCENTE@EXAMPLE.ORG "]
    for attempt in range(5):
        address = spellings[attempt % len(spellings)]
        client.post(url("account:login"), {"username": address, "password": "mal"})
    for address in spellings:
        locked = client.post(
            url("account:login"), {"username": address, "password": factories.PASSWORD}
        )
        assert locked.status_code == 429
    assert not client.get("/es/").context["user"].is_authenticated


def test_password_reset_mails_a_link_that_sets_a_new_password(client, home, mailoutbox):
    person = factories.user(email="docente@example.org")
    response = client.post(url("account:password_reset"), {"email": "DOCENTE@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["docente@example.org"]
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    new = "un-nuevo-comienzo-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, home, mailoutbox):
    response = client.post(url("account:password_reset"), {"email": "nadie@example.org"})
    assert response.status_code == 302 and response.url == url("account:password_reset_done")
    assert mailoutbox == []


def test_sign_up_and_password_reset_are_throttled_per_address_and_per_email(
    client, home, mailoutbox
):
    factories.user(email="docente@example.org")
    for _attempt in range(3):
        client.post(url("account:password_reset"), {"email": "Docente@example.org"})
    # A fourth asks in vain, though the page says as ever that the mail is on its way.
    quiet = client.post(url("account:password_reset"), {"email": "docente@example.org"})
    assert quiet.status_code == 302 and len(mailoutbox) == 3
    for n in range(6):  # other addresses, from the same network address
        client.post(url("account:password_reset"), {"email": f"x{n}@example.org"})
    crowded = client.post(url("account:password_reset"), {"email": "y@example.org"})
    assert crowded.status_code == 429
    for n in range(10):  # ten people from one address (a training room) may sign up
        assert (
            client.post(url("account:signup"), signup_data(email=f"p{n}@example.org")).status_code
            == 302
        )
        client.logout()
    crowded = client.post(url("account:signup"), signup_data(email="p10@example.org"))
    assert crowded.status_code == 429 and not User.objects.filter(email="p10@example.org")
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    for _attempt in range(3):
        elsewhere.post(url("account:signup"), signup_data(email="otra@example.org", password2="x"))
    assert (
        elsewhere.post(url("account:signup"), signup_data(email="otra@example.org")).status_code
        == 429
    )


def test_a_view_for_signed_in_people_refuses_an_anonymous_request(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        signed_in(request)
    request.user = factories.user()
    assert signed_in(request) == request.user
