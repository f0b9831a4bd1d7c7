"""Accounts keep the thread: signing in, up and out and resetting a password return the person
where they were (a `next` on this site only), else to the home page in the language of the
page they came from."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

COURSE = "/es/cursos/etica/"


def url(name, language="es"):
    with translation.override(language):
        return reverse(name)


def test_signing_in_returns_to_next_or_to_the_home_page_of_its_language(client, home):
    factories.user(email="docente@example.org")
    login = {"username": "docente@example.org", "password": factories.PASSWORD}
    back = client.post(url("account:login"), {**login, "next": COURSE})
    assert back.url == COURSE
    client.logout()
    home_page = client.post(url("account:login", "zh-hans"), login)
    assert home_page.url == "/zh-hans/"
    client.logout()
    elsewhere = client.post(url("account:login", "en"), {**login, "next": "https://evil.example/"})
    assert elsewhere.url == "/en/"


def test_signing_out_returns_to_next_or_to_the_home_page_of_its_language(client, home):
    client.force_login(factories.user())
    assert client.post(url("account:logout"), {"next": COURSE}).url == COURSE
    client.force_login(factories.user())
    assert client.post(url("account:logout", "en")).url == "/en/"
    client.force_login(factories.user())
    assert client.post(url("account:logout"), {"next": "//evil.example/x"}).url == "/es/"


def test_signing_up_keeps_next_and_the_language(client, home):
    data = {"first_name": "Lin", "last_name": "Xiaoyu", "password1": "practica-supervisada-2026",
            "password2": "practica-supervisada-2026"}  # fmt: skip
    form = client.get(url("account:signup"), {"next": COURSE}).text
    assert f'name="next" value="{COURSE}"' in form
    assert f"?next={COURSE}" in form  # the link to sign in keeps it too
    response = client.post(
        url("account:signup"), {**data, "email": "a@example.org", "next": COURSE}
    )
    assert response.url == COURSE
    client.logout()
    response = client.post(url("account:signup", "zh-hans"), {**data, "email": "b@example.org"})
    assert response.url == "/zh-hans/"


def test_the_password_reset_link_carries_next_to_the_sign_in_that_ends_it(client, home, mailoutbox):
    factories.user(email="docente@example.org")
    form = client.get(url("account:password_reset"), {"next": COURSE}).text
    assert f'name="next" value="{COURSE}"' in form
    client.post(url("account:password_reset"), {"email": "docente@example.org", "next": COURSE})
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    assert link.startswith("/es/") and link.endswith(f"?next={COURSE}")
    chosen = client.get(link, follow=True)
    new = "un-nuevo-comienzo-2026"
    done = client.post(
        chosen.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert f'href="{url("account:login")}?next={COURSE}"' in done.text
