"""The placement screens keep to the institution (another's placement, base or run is a 404),
refuse what the rules refuse with the reason, let an academic supervisor sign and sign off
but not manage, run and confirm an allocation, and report in constant queries."""

import re
from datetime import date, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from core.models import Role
from placements.models import (
    AllocationRun,
    BaseAgreement,
    ConflictOfInterest,
    HoursEntry,
    Placement,
    PlacementApplication,
    PlacementPreference,
    SupervisionSession,
)
from tests import factories
from tests.core.test_hidden_fields import main_form, rendered_data
from tests.forms import choices, chosen, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(two_institutions):
    a, b = two_institutions[0], two_institutions[1]
    programme = factories.programme(a)
    base = factories.practice_base(a, places=3, name="Centro Alfa")
    theirs = factories.placement(factories.programme(b), factories.practice_base(b))
    return {
        "a": a,
        "programme": programme,
        "base": base,
        "placement": factories.placement(programme, base),
        "theirs": theirs,
        "coordinator": factories.in_english(factories.member(a, Role.PLACEMENT_COORDINATOR)),
    }


def test_a_coordinator_sees_only_their_institutions_placements_and_bases(client, setup):
    client.force_login(setup["coordinator"])
    listing = client.get("/admin/placements/").text
    assert str(setup["placement"].trainee) in listing
    assert str(setup["theirs"].trainee) not in listing
    assert client.get(f"/admin/placements/inspect/{setup['theirs'].pk}/").status_code == 404
    assert client.get(f"/admin/practice-bases/edit/{setup['theirs'].base_id}/").status_code == 404
    refused = client.post(f"/admin/placements/{setup['theirs'].pk}/act/", {"action": "confirm"})
    assert refused.status_code == 404
    filters = client.get("/admin/placements/").text
    assert (
        setup["theirs"].base.name not in filters and setup["theirs"].programme.name not in filters
    )
    application = PlacementApplication.objects.create(
        programme=setup["programme"], term=factories.term(setup["a"]), trainee=factories.trainee()
    )
    assert client.get(f"/admin/placement-applications/inspect/{application.pk}/").status_code == 200
    assert client.get(f"/admin/placement-applications/edit/{application.pk}/").status_code == 302


def test_editing_a_placement_keeps_its_trainee(client, setup):
    """A placement made without an application (by import, or before applications existed) is
    edited with its trainee chosen, and saving the form unchanged keeps them."""
    placement = setup["placement"]
    client.force_login(setup["coordinator"])
    url = f"/admin/placements/edit/{placement.pk}/"
    html = client.get(url).text
    assert chosen(html, "trainee") == {str(placement.trainee_id)}
    data, _names, _ids = rendered_data(*main_form(html)[:2])
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.text
    placement.refresh_from_db()
    assert placement.trainee == setup["placement"].trainee


def test_supervisor_pickers_offer_the_right_people_and_tell_namesakes_apart(client, setup):
    """The academic supervisor is chosen among those who teach for the institution, the agency
    supervisor among practitioners; each reads with institution, employment and e-mail (or
    employer); no one erased is offered; a supervisor chosen before stays offered."""
    placement = setup["placement"]
    teacher = factories.faculty_member(
        setup["a"], "part-time", family_name="López", given_name="Camila", email="camila@a.org"
    )
    namesake = factories.faculty_member(
        setup["a"], "practitioner", family_name="López", given_name="Camila", employer="Centro Sur"
    )
    erased = factories.faculty_member(setup["a"], "practitioner", family_name="—", given_name="—")
    client.force_login(setup["coordinator"])
    html = client.get(f"/admin/placements/edit/{placement.pk}/").text
    academic, agency = choices(html, "academic_supervisor"), choices(html, "agency_supervisor")
    assert str(teacher.pk) in academic and str(teacher.pk) not in agency
    assert str(namesake.pk) in agency and str(namesake.pk) not in academic
    assert str(erased.pk) not in agency  # no blank "— —" to pick
    assert f"López Camila · {setup['a'].name} · Part-time · camila@a.org" in html
    assert f"López Camila · {setup['a'].name} · Front-line practitioner · Centro Sur" in html
    assert "None" not in visible_text(html)

    placement.agency_supervisor = teacher  # chosen before the rule: kept, not blanked
    placement.save()
    html = client.get(f"/admin/placements/edit/{placement.pk}/").text
    assert chosen(html, "agency_supervisor") == {str(teacher.pk)}


def test_completing_or_terminating_a_placement_asks_first_and_says_what_it_ends(client, setup):
    """Both ask in a dialog; short of its hours, completing is not the workspace's primary
    action and the dialog says how short; terminating asks why, in a labelled field."""
    placement = setup["placement"]
    client.force_login(setup["coordinator"])
    page = BeautifulSoup(
        client.get(f"/admin/placements/inspect/{placement.pk}/").text, "html.parser"
    )
    complete = page.find(attrs={"data-a11y-dialog-show": "confirm-complete"})
    assert "button-secondary" in complete["class"]
    dialog = page.find(id="confirm-complete")
    assert f"Only 0 of {placement.required_hours} hours are approved" in str(dialog)
    assert dialog.find("input", attrs={"name": "action", "value": "complete"})
    terminate = page.find(id="confirm-terminate")
    reason = terminate.find("input", attrs={"name": "reason"})
    assert reason.has_attr("required")
    assert str(terminate.find("label", attrs={"for": reason["id"]})).endswith(">Reason</label>")


def test_the_placement_form_refuses_a_base_without_an_agreement(client, setup):
    client.force_login(setup["coordinator"])
    BaseAgreement.objects.filter(base=setup["base"]).update(status="draft")
    trainee = factories.trainee()
    PlacementApplication.objects.create(
        programme=setup["programme"], term=factories.term(setup["a"]), trainee=trainee
    )
    data = {
        "programme": setup["programme"].pk,
        "term": factories.term(setup["a"]).pk,
        "trainee": trainee.pk,
        "base": setup["base"].pk,
        "starts_on": date.today().isoformat(),
        "ends_on": (date.today() + timedelta(days=30)).isoformat(),
        "required_hours": "",
        "objectives-TOTAL_FORMS": "0",
        "objectives-INITIAL_FORMS": "0",
        "objectives-MIN_NUM_FORMS": "0",
        "objectives-MAX_NUM_FORMS": "1000",
    }
    refused = client.post("/admin/placements/new/", data)
    assert "no signed agreement in force" in refused.text
    assert not Placement.objects.filter(trainee=trainee).exists()
    BaseAgreement.objects.filter(base=setup["base"]).update(status="signed")
    client.post("/admin/placements/new/", data)
    made = Placement.objects.get(trainee=trainee)
    assert made.required_hours == setup["programme"].required_hours and made.status == "proposed"


def test_the_workspace_makes_links_records_supervision_and_logs_each_link(client, setup):
    placement = setup["placement"]
    client.force_login(setup["coordinator"])
    url = f"/admin/placements/{placement.pk}/act/"
    made = client.post(
        url,
        {"action": "link", "link-purpose": "week", "link-week_of": date.today().isoformat()},
        follow=True,
    )
    link = re.search(r"http://testserver(/[a-z-]+/supervise/[^/]+/)", made.text).group(1)
    assert ModelLogEntry.objects.filter(action="placements.link_created").count() == 1
    client.post(
        url,
        {
            "action": "supervision",
            "session-supervisor": placement.academic_supervisor_id,
            "session-date": date.today().isoformat(),
            "session-minutes": "90",
            "session-kind": "individual",
            "session-topics": "Casos",
        },
    )
    assert placement.supervision_sessions.get().minutes == 90
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    future = client.post(
        url,
        {
            "action": "supervision",
            "session-date": tomorrow,
            "session-minutes": "90",
            "session-supervisor": placement.academic_supervisor_id,
            "session-kind": "individual",
            "session-topics": "x",
        },
        follow=True,
    )
    assert "once it has taken place" in future.text
    unfilled = client.post(url, {"action": "supervision", "session-minutes": "5"}, follow=True)
    assert "Minutes: Ensure this value is greater than or equal to 10." in visible_text(
        unfilled.text
    )
    assert "Date: This field is required." in visible_text(unfilled.text)
    client.logout()
    assert client.get(link).status_code == 200
    assert ModelLogEntry.objects.filter(action="placements.link_opened").count() == 1


def test_an_academic_supervisor_signs_and_signs_off_but_does_not_manage(client, setup):
    placement = setup["placement"]
    Placement.objects.filter(pk=placement.pk).update(academic_signed_at=None)
    client.force_login(setup["coordinator"])  # staff may not sign in the supervisor's place
    client.post(f"/admin/placements/{placement.pk}/act/", {"action": "sign"})
    placement.refresh_from_db()
    assert placement.academic_signed_at is None
    supervisor = placement.academic_supervisor.user
    factories.member(setup["a"], Role.FACULTY, supervisor)
    client.force_login(factories.in_english(supervisor))
    assert client.get(f"/admin/placements/inspect/{placement.pk}/").status_code == 200
    assert client.get(f"/admin/placements/inspect/{setup['theirs'].pk}/").status_code == 404
    client.post(f"/admin/placements/{placement.pk}/act/", {"action": "sign"})
    placement.refresh_from_db()
    assert placement.academic_signed_at is not None
    refused = client.post(
        f"/admin/placements/{placement.pk}/act/", {"action": "terminate", "reason": "x"}
    )
    placement.refresh_from_db()
    assert refused.status_code == 302 and placement.status == "in-progress"
    assert client.get(f"/admin/placements/edit/{placement.pk}/").status_code in (302, 403)


def test_an_allocation_is_run_adjusted_and_confirmed_from_the_admin(client, setup):
    client.force_login(setup["coordinator"])
    applications = []
    for number in range(2):
        application = PlacementApplication.objects.create(
            programme=setup["programme"],
            term=factories.term(setup["a"]),
            trainee=factories.trainee(family_name=f"Solicitante{number}"),
        )
        PlacementPreference.objects.create(application=application, rank=1, base=setup["base"])
        applications.append(application)
    client.post(
        "/admin/allocations/new/",
        {
            "programme": setup["programme"].pk,
            "term": factories.term(setup["a"]).pk,
            "starts_on": date.today().isoformat(),
            "ends_on": (date.today() + timedelta(days=30)).isoformat(),
            "region_scope": "anywhere",
        },
    )
    run = AllocationRun.objects.get()
    page = client.get(f"/admin/allocations/inspect/{run.pk}/").text
    assert "Choice 1: Centro Alfa." in page and "2 of 2 applicants placed" in page
    url = f"/admin/allocations/inspect/{run.pk}/"
    assert f'href="{url}"' in client.get("/admin/allocations/").text  # the run's page, first
    assert 'form="allocation-form" name="action" value="confirm"' in page  # asked in a dialog
    assert "No one in this view." in client.get(f"{url}?show=not-first").text
    placed = visible_text(client.get(f"{url}?show=placed").text)
    assert "Solicitante0" in placed and "To change a base and confirm, show everyone." in placed
    foreign = client.post(
        url,
        {f"base-{applications[0].pk}": setup["theirs"].base_id, f"base-{applications[1].pk}": ""},
    )
    assert foreign.status_code == 200 and f'id="id_base-{applications[0].pk}_error"' in foreign.text
    ConflictOfInterest.objects.create(application=applications[1], base=setup["base"], reason="x")
    conflict = client.post(
        url,
        {
            f"base-{applications[0].pk}": setup["base"].pk,
            f"base-{applications[1].pk}": setup["base"].pk,
        },
    )
    assert "declared a conflict of interest with Centro Alfa." in conflict.text
    assert not Placement.objects.filter(trainee=applications[0].trainee).exists()
    client.post(
        url, {f"base-{applications[0].pk}": setup["base"].pk, f"base-{applications[1].pk}": ""}
    )
    run.refresh_from_db()
    assert run.status == "confirmed" and run.created_by == setup["coordinator"]
    assert Placement.objects.filter(trainee=applications[0].trainee).exists()
    assert not Placement.objects.filter(trainee=applications[1].trainee).exists()


def test_the_report_shows_compliance_exports_and_takes_constant_queries(client, setup):
    client.force_login(setup["coordinator"])
    url = (
        f"/admin/placement-report/?institution={setup['a'].pk}&term={factories.term(setup['a']).pk}"
    )
    placement = setup["placement"]
    for day in range(5):  # 40 approved hours: the rule asks for 60 minutes of supervision
        HoursEntry.objects.create(
            placement=placement,
            date=date.today() - timedelta(days=day),
            starts_at=time(8),
            ends_at=time(16),
            hours=8,
            activities="x",
            state="approved",
        )
    report = client.get(url).context["report"]
    assert report.taken == 1 and report.places == 3 and report.compliance_share == 0
    assert report.approved_hours == 40
    session = SupervisionSession.objects.create(
        supervisor=placement.academic_supervisor,
        date=date.today(),
        minutes=60,
        kind="group",
        topics="Casos",
    )
    session.placements.add(placement)
    assert client.get(url).context["report"].compliance_share == 100
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        factories.placement(setup["programme"], setup["base"])
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)
    setup["base"].name = "=HYPERLINK(1)"
    setup["base"].save()
    export = client.get(url + "&export=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in export
