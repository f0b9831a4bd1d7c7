"""Inviting trainees, as the university's administrator and as the people invited: a
spreadsheet of two people (one new to Praxis, one who studies at another institution) becomes
two invitations that say the same of both; each person opens the e-mailed link, in their own
language and on their own screen, and takes the place only by accepting it."""

import re

import pytest
from django.conf import settings
from django.core import mail

from courses.models import CourseOffering, Trainee
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.looking import serious_violations
from tests.browser.test_authoring import sign_in_to_the_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEWCOMER = "lin.nueva@example.org"


def invitation_link(email):
    links = (
        re.search(r"https?://[^/]+(/\S+/invitations/\S+/)", m.body)
        for m in mail.outbox
        if m.to == [email]
    )
    return next(link for link in links if link).group(1)


def test_staff_invite_from_a_spreadsheet_and_each_person_accepts_in_their_language(
    browser, page, demo_server, tmp_path
):
    base = demo_server.url
    offering = CourseOffering.objects.get(code="TS-101-2027A")
    elsewhere = (
        Trainee.objects.exclude(user=None)
        .exclude(enrolments__offering__institution=offering.institution)
        .exclude(user__enrolment_invitations__offering=offering)
        .first()
    )
    elsewhere.user.set_password(settings.DEMO_PASSWORD)  # someone who signs in
    elsewhere.user.save()
    sheet = tmp_path / "invitados.csv"
    sheet.write_text(
        "correo,apellidos,nombre\n"
        f"{NEWCOMER},林,晓\n"
        f"{elsewhere.user.email},{elsewhere.family_name},{elsewhere.given_name}\n",
        encoding="utf-8-sig",
    )
    staff = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    sign_in_to_the_editor(staff, base, "institucion@praxis.example")
    staff.goto(f"{base}/admin/offerings/{offering.pk}/roster/")
    staff.get_by_role("link", name="Invite trainees").click()
    staff.locator("input[type=file]").set_input_files(str(sheet))
    with staff.expect_navigation():
        staff.get_by_role("button", name="Preview the import").click()
    results = staff.locator("table.listing tbody tr td:last-child").all_inner_texts()
    assert results == ["Will be invited by e-mail"] * 2  # the same, with an account or not
    screenshot(staff, "invitations-staff-preview")
    staff.get_by_role("button", name=re.compile("Import 2 rows")).click()
    staff.wait_for_url(re.compile(r"/roster/$"))
    assert "Waiting for an answer" in staff.content() and "林 晓" in staff.content()
    screenshot(staff, "invitations-staff-roster")
    assert not offering.enrolments.filter(trainee=elsewhere).exists()

    # The newcomer, on a phone, reads Chinese: chooses a password, then accepts.
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN").new_page()
    link = invitation_link(NEWCOMER).replace("/es/", "/zh-hans/", 1)
    phone.goto(base + link)
    assert "课程邀请" in phone.content()
    screenshot(phone, "invitation-newcomer-password-zh-hans-phone")
    assert serious_violations(phone) == []
    phone.locator("#id_new_password1").fill(settings.DEMO_PASSWORD)
    phone.locator("#id_new_password2").fill(settings.DEMO_PASSWORD)
    phone.get_by_role("button", name="保存密码").click()
    phone.get_by_role("button", name="接受名额").click()
    assert "请勾选此项" in phone.content()  # the consent is theirs to give
    screenshot(phone, "invitation-newcomer-consent-error-zh-hans-phone")
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name="接受名额").click()
    phone.wait_for_url(re.compile(r"/zh-hans/learn/offerings/\d+/$"))
    screenshot(phone, "invitation-newcomer-enrolled-zh-hans-phone")
    assert offering.enrolments.filter(trainee__user__email=NEWCOMER).exists()

    # The trainee who studies elsewhere, in English on a desktop: signs in, then accepts.
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(base + invitation_link(elsewhere.user.email).replace("/es/", "/en/", 1))
    page.wait_for_url(re.compile(r"/en/accounts/login/"))
    page.locator("#id_username").fill(elsewhere.user.email)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/invitations/"))
    assert "entered these details about you" in page.content()
    screenshot(page, "invitation-existing-answer-en-desktop")
    assert serious_violations(page) == []
    page.set_viewport_size(VIEWPORTS["phone"])
    screenshot(page, "invitation-existing-answer-en-phone")
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Accept the place").click()
    page.wait_for_url(re.compile(r"/en/learn/offerings/\d+/$"))
    assert offering.enrolments.filter(trainee=elsewhere).exists()

    # The same link again, in Spanish: already answered, said plainly.
    page.goto(base + invitation_link(elsewhere.user.email))
    assert "Ya respondiste a esta invitación" in page.content()
    screenshot(page, "invitation-answered-es-desktop")
    assert serious_violations(page) == []


def test_a_trainee_erases_their_own_account_from_my_data(browser, page, demo_server):
    """The person's own erasure, in Spanish on a phone: a wrong password changes nothing;
    the right one and the tick erase the account and sign them out."""
    base = demo_server.url
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(base + "/es/accounts/login/")
    page.locator("#id_username").fill("estudiante@praxis.example")
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.goto(base + "/es/accounts/my-data/")
    page.locator("#id_password").fill("no-es-la-mia")
    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Borrar mi cuenta").click()
    assert "Esa no es tu contraseña" in page.content()
    screenshot(page, "my-data-erase-refused-es-phone")
    assert serious_violations(page) == []
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Borrar mi cuenta").click()
    assert "Tu cuenta y tus datos personales se han borrado" in page.content()
    screenshot(page, "my-data-erased-es-phone")
    trainee = Trainee.objects.get(
        enrolments__offering__code="TS-101-2027A", user__email__startswith="erased-"
    )
    assert not trainee.user.is_active
