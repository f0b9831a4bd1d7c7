"""The trainee's placement pages and the agency supervisor's links: hours logged and
submitted, another trainee's placement a 404, an application with its choices; a link
approves its week once, and a tampered, expired or used link changes nothing and says why."""

from datetime import date, time, timedelta

import pytest
from django.core import signing
from django.utils import timezone
from wagtail.models import ModelLogEntry

from curriculum.models import ServiceField
from placements import links, services
from placements.models import HoursEntry, PlacementApplication, SupervisorLink
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def placement(two_institutions):
    a = two_institutions[0]
    return factories.placement(factories.programme(a), factories.practice_base(a))


def _log(client, placement, day, start, end):
    return client.post(
        f"/en/learn/placements/{placement.pk}/",
        {"date": day.isoformat(), "starts_at": start, "ends_at": end, "activities": "Visitas"},
        follow=True,
    )


def test_a_trainee_logs_and_submits_hours_and_sees_only_their_placements(client, placement):
    client.force_login(placement.trainee.user)
    assert placement.base.name in client.get("/en/learn/placements/").text
    refused = _log(client, placement, date.today() + timedelta(days=1), "09:00", "12:00")
    assert "has not come yet" in refused.text and not HoursEntry.objects.exists()
    _log(client, placement, date.today() - timedelta(days=1), "09:00", "12:30")
    entry = HoursEntry.objects.get()
    assert entry.hours == 3.5 and entry.state == "draft"
    client.post(f"/en/learn/placements/{placement.pk}/submit/")
    entry.refresh_from_db()
    assert entry.state == "submitted"
    other = factories.placement(placement.programme, placement.base)
    assert client.get(f"/en/learn/placements/{other.pk}/").status_code == 404
    assert client.get(f"/en/learn/placements/{placement.pk}/?edit={entry.pk}").status_code == 404


def test_a_trainee_applies_with_ranked_choices_and_a_conflict(client, placement):
    programme = placement.programme
    programme.application_term = factories.term(programme.institution, "Otoño 2027")
    programme.save()
    field = ServiceField.objects.first()
    placement.base.fields.add(field)
    placement.base.save()
    trainee = factories.trainee()
    client.force_login(trainee.user)
    url = f"/en/learn/placements/apply/{programme.pk}/"
    assert programme.name in client.get("/en/learn/placements/").text
    twice = client.post(
        url, {"choice_1": f"base:{placement.base_id}", "choice_2": f"base:{placement.base_id}"}
    )
    assert "only once" in twice.text
    client.post(
        url,
        {
            "choice_1": f"base:{placement.base_id}",
            "choice_2": f"field:{field.pk}",
            "conflict": placement.base_id,
            "conflict_reason": "Mi hermano",
        },
    )
    application = PlacementApplication.objects.get(trainee=trainee)
    assert [p.rank for p in application.preferences.all()] == [1, 2]
    assert application.conflicts.get().reason == "Mi hermano"


def _submitted_week(placement):
    entry = services.log_hours(
        HoursEntry(
            placement=placement,
            date=date.today() - timedelta(days=1),
            starts_at=time(9),
            ends_at=time(13),
            activities="Grupo",
        )
    )
    services.submit_hours(placement)
    return entry


def test_a_link_approves_its_week_once_and_every_use_is_logged(client, placement):
    entry = _submitted_week(placement)
    _link, token = links.create_link(
        placement, "week", user=None, week_of=services.week_of(entry.date)
    )
    url = f"/en/supervise/{token}/"
    page = client.get(url)
    assert "Grupo" in page.text and placement.trainee.user.email not in page.text
    client.post(url, {})
    entry.refresh_from_db()
    assert entry.state == "approved" and entry.decided_by == str(placement.agency_supervisor)
    again = client.get(url)
    assert "This link was used" in again.text
    client.post(url, {})
    actions = list(ModelLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions.count("placements.link_used") == 1 and "placements.link_opened" in actions


def test_tampered_expired_or_forged_links_change_nothing(client, placement):
    entry = _submitted_week(placement)
    link, token = links.create_link(
        placement, "week", user=None, week_of=services.week_of(entry.date)
    )
    tampered = client.get(f"/en/supervise/{token[:-2]}xx/")
    assert tampered.status_code == 410 and "not valid" in tampered.text
    # A link is its random token: one forged from the ids a link names is no link, and the
    # database keeps only the token's digest.
    forged = signing.dumps(
        {"link": link.pk, "placement": placement.pk, "purpose": "week"},
        salt="placements.supervisor-link",
    )
    assert client.post(f"/en/supervise/{forged}/", {}).status_code == 410
    assert token not in str(SupervisorLink.objects.values_list().get())
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    expired = client.post(f"/en/supervise/{token}/", {})
    assert expired.status_code == 410 and "expired" in expired.text
    entry.refresh_from_db()
    assert entry.state == "submitted" and SupervisorLink.objects.get().done_at is None


def test_the_agency_supervisor_evaluates_through_a_link(client, placement):
    link, token = links.create_link(placement, "evaluate", user=None, stage="midterm")
    competencies = services.competencies_of(placement)
    top = placement.programme.rubric_levels.get(score=4)
    missing = client.post(f"/en/supervise/{token}/", {f"level-{competencies[0].pk}": top.pk})
    assert "Rate this competency." in missing.text
    link.refresh_from_db()
    assert link.done_at is None
    client.post(
        f"/en/supervise/{token}/",
        {**{f"level-{c.pk}": top.pk for c in competencies}, "comments": "Muy bien"},
    )
    evaluation = placement.evaluations.get(stage="midterm")
    assert evaluation.comments == "Muy bien" and evaluation.ratings.count() == len(competencies)


def test_the_trainee_cannot_approve_their_own_week_through_the_link(client, placement):
    entry = _submitted_week(placement)
    _link, token = links.create_link(
        placement, "week", user=None, week_of=services.week_of(entry.date)
    )
    client.force_login(placement.trainee.user)
    page = client.post(f"/en/supervise/{token}/", {}, follow=True)
    entry.refresh_from_db()
    assert "cannot approve your own hours" in page.text and entry.state == "submitted"
    assert client.get(f"/en/learn/placements/{placement.pk}/?edit=abc").status_code == 404
