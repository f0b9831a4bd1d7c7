"""Agreements due for renewal: the institution's administrators and coordinators are told
once, a later agreement silences the alert, and the admin home lists them for the user's
institution only."""

from datetime import date, timedelta

import pytest
from django.core import mail

from core.models import Role
from placements.models import BaseAgreement
from placements.services import alert_renewals
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_an_agreement_ending_soon_is_announced_once_and_shown_on_the_admin_home(
    client, two_institutions, django_capture_on_commit_callbacks
):
    a, b, admin_a = two_institutions[0], two_institutions[1], two_institutions[2]
    coordinator = factories.member(a, Role.PLACEMENT_COORDINATOR)
    ending = factories.practice_base(a, name="Centro que vence")
    BaseAgreement.objects.filter(base=ending).update(ends_on=date.today() + timedelta(days=30))
    renewed = factories.practice_base(a, name="Centro renovado")
    BaseAgreement.objects.filter(base=renewed).update(ends_on=date.today() + timedelta(days=10))
    BaseAgreement.objects.create(
        base=renewed,
        starts_on=date.today() + timedelta(days=11),
        ends_on=date.today() + timedelta(days=800),
        status="signed",
        signed_on=date.today(),
    )
    theirs = factories.practice_base(b, name="Centro ajeno")
    BaseAgreement.objects.filter(base=theirs).update(ends_on=date.today() + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_renewals() == 2  # ours ending and theirs; the renewed one has a successor
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {admin_a.email, coordinator.email}  # B's only member writes courses
    assert any("Centro que vence" in message.subject for message in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_renewals() == 0
    client.force_login(coordinator)
    home = client.get("/admin/").text
    assert "Centro que vence" in home and "Centro ajeno" not in home
    assert "Centro renovado" not in home
