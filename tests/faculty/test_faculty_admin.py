"""Faculty screens keep to the institution: A's coordinator neither sees nor assigns B's
members; the assignment form shows the rule that refuses, with its figures."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from core import audit, privacy
from core.models import Role
from core.services import erase_person
from courses.models import CourseOffering
from faculty.models import EmploymentTerm, FacultyMember, TeachingAssignment
from faculty.services import assign
from tests import factories, forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(two_institutions):
    a, b, _admin_a, _member_b = two_institutions
    offering = factories.offering(factories.course(a), status=CourseOffering.Status.DRAFT)
    return {
        "offering": offering,
        "coordinator_a": factories.member(a, Role.PLACEMENT_COORDINATOR),
        "ours": factories.faculty_member(a, hours=20, family_name="Nuestra"),
        "theirs": factories.faculty_member(b, family_name="Ajena"),
    }


def test_a_coordinator_sees_and_assigns_only_their_institutions_members(client, setup):
    client.force_login(setup["coordinator_a"])
    listing = client.get("/admin/faculty-members/").content.decode()
    assert "Nuestra" in listing and "Ajena" not in listing
    assert client.get(f"/admin/faculty-members/edit/{setup['theirs'].pk}/").status_code == 404
    full_time = client.get("/admin/faculty-members/?terms__employment_type=full-time")
    assert full_time.status_code == 200 and "Nuestra" not in full_time.content.decode()
    form = client.get("/admin/teaching-assignments/new/").content.decode()
    members = forms.choices(form, "member")
    assert str(setup["ours"].pk) in members and str(setup["theirs"].pk) not in members
    data = {"member": setup["theirs"].pk, "offering": setup["offering"].pk, "role": "lead",
            "hours": "4"}  # fmt: skip
    client.post("/admin/teaching-assignments/new/", data)
    assert not TeachingAssignment.objects.exists()


def test_the_assignment_form_says_which_rule_refuses(client, setup):
    client.force_login(setup["coordinator_a"])
    data = {"member": setup["ours"].pk, "offering": setup["offering"].pk, "role": "lead",
            "hours": "25"}  # fmt: skip
    refused = client.post("/admin/teaching-assignments/new/", data)
    assert refused.status_code == 200 and "20" in refused.content.decode()
    assert not TeachingAssignment.objects.exists()
    client.post("/admin/teaching-assignments/new/", {**data, "hours": "20"})
    assert TeachingAssignment.objects.get().hours == 20


def test_the_export_of_faculty_never_starts_a_formula(client, setup):
    setup["ours"].employer = "=HYPERLINK(1)"
    setup["ours"].save()
    client.force_login(setup["coordinator_a"])
    export = client.get("/admin/faculty-members/?export=csv")
    assert "'=HYPERLINK" in b"".join(export.streaming_content).decode()


def test_a_members_page_shows_each_terms_contract_against_its_assignments(client, setup):
    assign(setup["ours"], setup["offering"], "lead", 12)
    client.force_login(setup["coordinator_a"])
    page = client.get(f"/admin/faculty-members/inspect/{setup['ours'].pk}/").content.decode()
    assert "<td>20</td><td>12</td>" in page.replace("\n", "")
    assert setup["offering"].code in page


def test_a_members_page_reads_as_words_not_python_values(client, setup):
    member = setup["ours"]
    member.teaching_languages, member.public_profile = "zh-hans, es, xx", True
    member.save()
    client.force_login(setup["coordinator_a"])
    page = client.get(f"/admin/faculty-members/inspect/{member.pk}/").content.decode()
    shown = [
        re.sub(r"\s+", " ", value) for value in re.findall(r"<dd>\s*(.*?)\s*</dd>", page, re.S)
    ]
    # The editor speaks Spanish, the site's default; a code Django does not know stays.
    assert "Chino simplificado, Español, xx" in shown
    assert "Sí" in shown and "—" in shown  # consent given; no certificate date, no fields
    assert not {"True", "False", "None", "-"} & set(shown)


def test_an_offering_opens_only_with_a_lead_instructor(client, setup, two_institutions):
    offering = setup["offering"]
    client.force_login(two_institutions[2])
    data = {
        "course": offering.course_id, "institution": offering.institution_id,
        "code": offering.code, "term": offering.term_id,
        "starts_on": offering.starts_on.isoformat(), "ends_on": offering.ends_on.isoformat(),
        "delivery_mode": offering.delivery_mode, "language": "es", "status": "open",
        "capacity": "10", "waitlist": "on",
        "enrolment_opens_at": "2026-01-01 09:00", "enrolment_closes_at": "2026-12-31 09:00",
        "sessions-TOTAL_FORMS": "0", "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    url = f"/admin/offerings/edit/{offering.pk}/"
    refused = client.post(url, data)
    assert refused.status_code == 200 and "no tiene docente responsable" in refused.text
    offering.refresh_from_db()
    assert offering.status == "draft"
    from faculty.services import assign

    assign(setup["ours"], offering, "lead", 10)
    assert client.post(url, data).status_code == 302
    offering.refresh_from_db()
    assert offering.status == "open"


def test_the_course_page_shows_the_consenting_part_of_the_teaching_team(client, setup):
    from faculty.services import assign

    offering = setup["offering"]
    ours = setup["ours"]
    ours.public_profile, ours.bio, ours.email = True, "Veinte años en crisis.", "n@example.org"
    ours.phone = "+86 1380000"
    ours.save()
    shy = factories.faculty_member(offering.institution, family_name="Reservada")
    assign(ours, offering, "lead", 10)
    assign(shy, offering, "guest", 2)
    CourseOffering.objects.filter(pk=offering.pk).update(status="open")
    page = client.get(offering.course.url).content.decode()
    assert "Nuestra" in page and "Veinte años en crisis." in page
    assert "Reservada" not in page and "n@example.org" not in page and "1380000" not in page


def test_the_workload_report_changes_with_an_assignment_in_constant_queries(
    client, setup, django_assert_num_queries
):
    from faculty.services import assign

    offering = setup["offering"]
    client.force_login(setup["coordinator_a"])
    url = f"/admin/faculty-workload/?institution={offering.institution_id}&term={offering.term_id}"
    before = client.get(url)
    assert before.context["report"].total == 0
    practitioner = factories.faculty_member(offering.institution, "practitioner", hours=30)
    assign(practitioner, offering, "supervisor", 12)
    assign(setup["ours"], offering, "lead", 12)
    report = client.get(url).context["report"]
    assert report.total == 24 and report.supervision == 12
    assert report.share("practitioner") == 50 and report.share("part-time") == 50
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        factories.faculty_member(offering.institution, "full-time")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
    export = client.get(url + "&export=csv").content.decode("utf-8-sig")
    assert "Nuestra" in export and "12.0" in export
    client.force_login(factories.member(setup["theirs"].terms.get().institution, Role.FACULTY))
    assert client.get(url)["Location"] == "/admin/"


def test_an_institution_administrator_erases_a_practitioner_without_an_account(
    client, setup, two_institutions
):
    """The teacher's names and contacts go, and the history keeps no name; the assignment and
    the contract stay for the workload figures. Only the institution's administrators may."""
    admin_a = factories.in_english(two_institutions[2])
    member = setup["ours"]
    FacultyMember.objects.filter(pk=member.pk).update(email="nuestra@example.org", phone="139")
    assign(member, setup["offering"], "lead", 12)
    log(member, "wagtail.edit", user=admin_a)
    page = f"/admin/faculty-members/inspect/{member.pk}/"

    client.force_login(setup["coordinator_a"])
    assert "Erase personal data" not in client.get(page).content.decode()
    refused = client.post(page, {"confirm": "erase"})
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # permission denied
    assert FacultyMember.objects.get(pk=member.pk).family_name == "Nuestra"
    client.force_login(admin_a)
    assert "Erase personal data" in client.get(page).content.decode()
    theirs = f"/admin/faculty-members/inspect/{setup['theirs'].pk}/"
    assert client.post(theirs, {"confirm": "erase"}).status_code == 404
    for _ in range(2):  # it can be run again
        assert client.post(page, {"confirm": "erase"}).status_code == 302

    member.refresh_from_db()
    assert (member.family_name, member.given_name, member.email, member.phone) == (
        privacy.ERASED,
        privacy.ERASED,
        "",
        "",
    )
    assert TeachingAssignment.objects.get(member=member).hours == 12
    assert EmploymentTerm.objects.filter(member=member).count() == 1
    entries = ModelLogEntry.objects.filter(object_id=str(member.pk))
    assert not [e for e in entries if "Nuestra" in e.label]
    assert entries.filter(action=audit.ERASURE, user=admin_a).count() == 2
    assert FacultyMember.objects.get(pk=setup["theirs"].pk).family_name == "Ajena"


def test_the_platform_administrator_erases_a_teacher_with_an_account_everywhere(setup):
    person = factories.user(email="docente@example.org")
    member = setup["ours"]
    member.user = person
    member.save()

    erase_person(member, by=factories.user(is_superuser=True))

    person.refresh_from_db()
    member.refresh_from_db()
    assert not person.is_active and person.email != "docente@example.org"
    assert not person.has_usable_password()
    assert member.family_name == privacy.ERASED and member.user == person


def test_an_institution_erases_a_teacher_with_an_account_from_its_own_records(
    setup, two_institutions
):
    """The teacher also teaches at the other institution: their account, record and terms
    there stay; this institution's terms and assignments stay, anonymous."""
    a, b, admin_a, _member_b = two_institutions
    person = factories.user(email="docente@example.org")
    member = setup["ours"]
    member.user = person
    member.save()
    EmploymentTerm.objects.create(
        member=member, institution=b, term=factories.term(b, "Otoño 2027"),
        employment_type="full-time",
        contracted_hours=100,
    )  # fmt: skip
    assign(member, setup["offering"], "lead", 10)
    factories.member(a, Role.FACULTY, person)
    programme = factories.programme(a)
    supervised = factories.placement(
        programme, factories.practice_base(a), academic_supervisor=member
    )

    erase_person(member, by=admin_a)

    person.refresh_from_db()
    member.refresh_from_db()
    assert person.is_active and member.family_name == "Nuestra" and member.user == person
    assert [t.institution for t in member.terms.all()] == [b]
    assert not member.assignments.exists() and not person.memberships.filter(institution=a)
    stand_in = TeachingAssignment.objects.get(offering=setup["offering"]).member
    assert stand_in.user is None and stand_in.family_name == privacy.ERASED
    assert stand_in.terms.get().institution == a
    supervised.refresh_from_db()
    assert supervised.academic_supervisor == stand_in
    assert not member.pools.filter(institution=a).exists()
    assert not FacultyMember.objects.for_user(admin_a).filter(pk=member.pk).exists()


def test_an_administrator_cannot_erase_a_fellow_administrator(setup, two_institutions):
    a, _b, admin_a, _member_b = two_institutions
    fellow = factories.member(a, Role.INSTITUTION_ADMIN)
    member = setup["ours"]
    member.user = fellow
    member.save()
    with pytest.raises(PermissionDenied):
        erase_person(member, by=admin_a)
    assert fellow.memberships.filter(role=Role.INSTITUTION_ADMIN).exists()


def member_data(institution, **fields):
    """A member form as the editor posts it: one term, no practice hours."""
    return {
        "family_name": "Ruiz",
        "given_name": "Elena",
        "email": "elena.ruiz@example.org",
        "years_of_practice": "3",
        "terms-TOTAL_FORMS": "1",
        "terms-INITIAL_FORMS": "0",
        "terms-MIN_NUM_FORMS": "1",
        "terms-MAX_NUM_FORMS": "1000",
        "terms-0-institution": institution.pk,
        "terms-0-term": factories.term(institution, "Otoño 2027").pk,
        "terms-0-employment_type": "part-time",
        "terms-0-contracted_hours": "40",
        "practice_hours-TOTAL_FORMS": "0",
        "practice_hours-INITIAL_FORMS": "0",
        "practice_hours-MIN_NUM_FORMS": "0",
        "practice_hours-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_a_coordinator_adds_a_member_linked_to_one_of_their_institutions_members(
    client, two_institutions, setup
):
    a, b, _admin_a, member_b = two_institutions
    colleague = factories.member(a, Role.FACULTY)
    client.force_login(setup["coordinator_a"])
    form = client.get("/admin/faculty-members/new/")
    offered = set(form.context["form"].fields["user"].queryset)
    assert colleague in offered and member_b not in offered
    assert (
        form.context["form"].formsets["terms"].empty_form.fields["institution"].queryset.get() == a
    )

    refused = client.post("/admin/faculty-members/new/", member_data(b, user=member_b.pk))
    assert refused.status_code == 200
    assert not FacultyMember.objects.filter(family_name="Ruiz").exists()

    saved = client.post("/admin/faculty-members/new/", member_data(a, user=colleague.pk))
    assert saved.status_code == 302
    member = FacultyMember.objects.get(family_name="Ruiz")
    assert member.user == colleague and member.terms.get().institution == a


def test_editing_a_member_keeps_the_terms_of_another_institution_unseen_and_unchanged(
    client, two_institutions, setup
):
    a, b, _admin_a, _member_b = two_institutions
    ours = setup["ours"]
    EmploymentTerm.objects.create(
        member=ours, institution=b, term=factories.term(b, "Otoño 2027"),
        employment_type="full-time",
        contracted_hours=300,
    )  # fmt: skip
    client.force_login(setup["coordinator_a"])
    form = client.get(f"/admin/faculty-members/edit/{ours.pk}/")
    assert [t.institution for t in form.context["form"].formsets["terms"].queryset] == [a]
    own_term = ours.terms.get(institution=a)
    data = member_data(
        a,
        family_name="Nuestra",
        **{
            "terms-INITIAL_FORMS": "1",
            "terms-0-id": own_term.pk,
            "terms-0-term": own_term.term_id,
            "terms-0-contracted_hours": "30",
        },
    )
    assert client.post(f"/admin/faculty-members/edit/{ours.pk}/", data).status_code == 302
    assert {(t.institution, t.contracted_hours) for t in ours.terms.all()} == {(a, 30), (b, 300)}
