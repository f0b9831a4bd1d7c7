"""Personal data: every model linked to a person is declared, a trainee downloads all of
theirs, and an erasure anonymises them everywhere while the statistics stay as they were."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from core import audit, privacy
from core.models import RenderedPdf, Role
from core.permissions import MODEL_PERMISSIONS
from core.storage import private_storage
from courses import certificates
from courses.models import Attendance, ContinuingEducationRecord, Enrolment, Grade, Trainee
from tests import factories

pytestmark = pytest.mark.django_db

NAME = ("Zhou", "Mingyue")
ID_NUMBER = "510105199201015678"
PNG = factories.png(32, 32)


def test_every_model_linked_to_a_person_is_registered_or_exempted_with_a_reason():
    declared = set(privacy.HOLDERS) | set(privacy.EXEMPT)
    undeclared = []
    for label in privacy.linked_models():
        model = apps.get_model(label)
        lineage = {label, *(parent._meta.label for parent in model._meta.get_parent_list())}
        if not lineage & declared:
            undeclared.append(label)
    assert undeclared == [], (
        "These models are linked to a person: declare them in their app's privacy.py with "
        "privacy.holds(...) or privacy.exempt(..., reason)"
    )
    assert all(len(reason) > 20 for reason in privacy.EXEMPT.values())


def test_every_registered_field_and_lookup_exists():
    person = factories.user()
    for holder in privacy.HOLDERS.values():
        for name in holder.erased:
            try:
                holder.model._meta.get_field(name)
            except FieldDoesNotExist:
                pytest.fail(f"{holder.model._meta.label} has no field {name}")
        assert list(holder.rows(person)) in ([], [person])


@pytest.fixture
def history(home):
    """A trainee who studied, was graded, got a certificate, logged external training with
    evidence and is on a placement; and another trainee in the same offering."""
    institution = factories.institution()
    admin = factories.in_english(factories.member(institution, Role.INSTITUTION_ADMIN))
    offering = factories.offering(factories.course(institution), status="finished")
    person = factories.user(email="zhou@example.org")
    trainee = factories.trainee(
        person, family_name=NAME[0], given_name=NAME[1], id_number=ID_NUMBER, phone="138 0000"
    )
    place = factories.enrolment(offering, trainee)
    other = factories.enrolment(offering, factories.trainee(family_name="Otra"))
    session = factories.session(offering)
    for enrolment in (place, other):
        Attendance.objects.create(session=session, enrolment=enrolment, status="present")
        Grade.objects.create(enrolment=enrolment, component_id="exam", score=Decimal("88"))
    Enrolment.objects.filter(pk=place.pk).update(status="completed")
    certificate = certificates.issue_certificate(Enrolment.objects.get(pk=place.pk))
    certificates.certificate_pdf(certificate)
    record = ContinuingEducationRecord.objects.create(
        trainee=trainee,
        institution=institution,
        kind="external",
        title="Taller de duelo",
        hours=Decimal("8"),
        completed_on="2026-05-01",
        evidence=SimpleUploadedFile("constancia-zhou.pdf", b"%PDF-1.4 constancia"),
    )
    base = factories.practice_base(institution)
    placement = factories.placement(factories.programme(institution), base, trainee)
    profile = UserProfile.get_for_user(person)
    profile.avatar.save("zhou.png", ContentFile(PNG))
    log(trainee, "wagtail.edit", user=admin)  # the history keeps the name as its label
    return {
        "admin": admin,
        "trainee": trainee,
        "certificate": certificate,
        "record": record,
        "placement": placement,
        "other": other,
    }


def test_a_trainee_downloads_all_their_data_and_nobody_elses(client, history):
    trainee = history["trainee"]
    client.force_login(trainee.user)
    page = client.get("/en/accounts/my-data/")
    assert page.status_code == 200 and "Download my data" in page.text

    response = client.get(reverse("account:my_data_download"))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["courses.Trainee"][0]["id_number"] == ID_NUMBER
    assert len(data["courses.Enrolment"]) == 1 and len(data["courses.Grade"]) == 1
    assert data["placements.Placement"][0]["id"] == history["placement"].pk
    assert "Otra" not in archive.read("data.json").decode()
    names = archive.namelist()
    assert f"certificates/{history['certificate'].number}.pdf" in names
    assert archive.read(f"certificates/{history['certificate'].number}.pdf").startswith(b"%PDF")
    assert any(name.startswith("evidence/") for name in names)
    assert [archive.read(name) for name in names if name.startswith("avatar/")] == [PNG]
    entry = ModelLogEntry.objects.get(action=audit.PERSONAL_DATA_DOWNLOAD)
    assert entry.object_id == str(trainee.pk) and entry.user == trainee.user
    assert entry.data == {"file": response["Content-Disposition"].split('"')[1]}


def test_the_platform_administrators_erasure_anonymises_the_trainee_everywhere(
    client, history, django_capture_on_commit_callbacks
):
    trainee = history["trainee"]
    admin = factories.in_english(factories.user(is_superuser=True))
    email = trainee.user.email
    evidence = history["record"].evidence.name
    avatar = UserProfile.get_for_user(trainee.user).avatar
    pdf_file = RenderedPdf.objects.get(scope__startswith="certificate/").file.name
    AccessAttempt.objects.create(username=email, ip_address="10.0.0.1", failures_since_start=2)
    client.force_login(trainee.user)  # a session of theirs
    assert Session.objects.count() == 1
    counts = (Enrolment.objects.count(), Attendance.objects.count(), Grade.objects.count())
    client.logout()
    client.force_login(admin)
    inspect = reverse("trainees:inspect", args=[trainee.pk])
    assert "Erase personal data" in client.get(inspect).text

    refused = client.post(inspect, {})
    trainee.refresh_from_db()
    assert refused.status_code == 302 and trainee.family_name == NAME[0]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(inspect, {"confirm": "erase"}).status_code == 302
    for entry in ModelLogEntry.objects.all():  # the erasure's own entry too
        assert NAME[0] not in entry.label and NAME[0] not in json.dumps(entry.data)
    with django_capture_on_commit_callbacks(execute=True):  # an erasure can be run again
        assert client.post(inspect, {"confirm": "erase"}).status_code == 302

    trainee.refresh_from_db()
    trainee.user.refresh_from_db()
    assert (trainee.family_name, trainee.given_name, trainee.id_number, trainee.phone) == (
        privacy.ERASED,
        privacy.ERASED,
        "",
        "",
    )
    assert trainee.user.email != email and not trainee.user.is_active
    assert not trainee.user.has_usable_password()
    history["certificate"].refresh_from_db()
    assert history["certificate"].holder_name == privacy.ERASED
    assert not private_storage().exists(pdf_file) and not private_storage().exists(evidence)
    assert not avatar.storage.exists(avatar.name)
    assert not UserProfile.get_for_user(trainee.user).avatar
    placement = history["placement"]
    assert {o.text for o in placement.objectives.all()} == {privacy.ERASED}
    assert not AccessAttempt.objects.exists()
    assert all(
        s.get_decoded().get("_auth_user_id") != str(trainee.user.pk) for s in Session.objects.all()
    )
    for entry in ModelLogEntry.objects.all():
        assert NAME[0] not in entry.label and NAME[0] not in json.dumps(entry.data)
    erasures = ModelLogEntry.objects.filter(action=audit.ERASURE, object_id=str(trainee.pk))
    assert erasures.count() == 2 and erasures.first().user == admin
    history_page = client.get(reverse("trainees:history", args=[trainee.pk]))
    assert "Personal data erased" in history_page.text and NAME[1] not in history_page.text
    assert (Enrolment.objects.count(), Attendance.objects.count(), Grade.objects.count()) == counts
    assert Trainee.objects.count() == 2  # archived as anonymous, not deleted
    assert history["other"].trainee.family_name == "Otra"


def test_an_institutions_erasure_removes_the_trainee_from_its_records_only(
    client, history, django_capture_on_commit_callbacks
):
    """The trainee also studies at another institution: its records and the trainee's account
    and profile stay; the erasing institution's records remain for its figures, anonymous."""
    trainee, admin = history["trainee"], history["admin"]
    ours = trainee.enrolments.get()
    Trainee.objects.filter(pk=trainee.pk).update(id_number_source=ours.offering.institution)
    elsewhere = factories.institution(name="Instituto Otro")
    theirs = factories.enrolment(factories.offering(factories.course(elsewhere)), trainee)
    evidence = history["record"].evidence.name
    client.force_login(admin)
    inspect = reverse("trainees:inspect", args=[trainee.pk])
    with django_capture_on_commit_callbacks(execute=True):
        erased = client.post(inspect, {"confirm": "erase"})
    assert erased.status_code == 302
    trainee.refresh_from_db()
    trainee.user.refresh_from_db()
    # Their profile stays theirs, without the identity number this institution typed in.
    assert (trainee.family_name, trainee.id_number, trainee.id_number_source) == (NAME[0], "", None)
    assert trainee.user.is_active and trainee.user.email == "zhou@example.org"
    assert list(trainee.enrolments.all()) == [theirs]
    ours.refresh_from_db()
    assert ours.trainee != trainee and ours.trainee.user is None
    assert (ours.trainee.family_name, ours.trainee.given_name) == (privacy.ERASED,) * 2
    assert str(ours.trainee) == gettext("Personal data erased")
    assert ours.attendance.count() == 1 and Grade.objects.filter(enrolment=ours).count() == 1
    history["certificate"].refresh_from_db()
    assert history["certificate"].holder_name == privacy.ERASED
    assert not private_storage().exists(evidence)
    placement = type(history["placement"]).objects.get(pk=history["placement"].pk)
    assert placement.trainee == ours.trainee
    assert {o.text for o in placement.objectives.all()} == {privacy.ERASED}
    assert client.get(inspect).status_code == 404  # no longer among the institution's trainees
    # The history of the institution's records names no one; the trainee's own record keeps
    # its history, which the institution no longer sees.
    for entry in ModelLogEntry.objects.exclude(object_id=str(trainee.pk), label__contains=NAME[1]):
        assert NAME[0] not in entry.label and NAME[0] not in json.dumps(entry.data)
    institution = ours.offering.institution
    erasure = ModelLogEntry.objects.get(action=audit.ERASURE)
    assert erasure.object_id == str(institution.pk) and erasure.user == admin


def test_a_trainee_erases_their_own_account_from_my_data(client, history):
    trainee = history["trainee"]
    client.force_login(trainee.user)
    wrong = client.post("/en/accounts/my-data/", {"password": "mal", "confirm": "on"})
    assert wrong.status_code == 200 and "That is not your password" in wrong.text
    erased = client.post(
        "/en/accounts/my-data/", {"password": factories.PASSWORD, "confirm": "on"}, follow=True
    )
    assert "Your account and your personal data are erased" in erased.text
    trainee.refresh_from_db()
    trainee.user.refresh_from_db()
    assert trainee.family_name == privacy.ERASED and not trainee.user.is_active
    assert not client.get("/es/").context["user"].is_authenticated


def test_only_the_trainees_institution_administrators_may_erase(client, history):
    trainee = history["trainee"]
    institution = trainee.enrolments.get().offering.institution
    teacher = factories.member(institution, Role.FACULTY)
    client.force_login(teacher)
    inspect = reverse("trainees:inspect", args=[trainee.pk])
    assert "Erase personal data" not in client.get(inspect).text
    assert client.post(inspect, {"confirm": "erase"}).status_code in {302, 403}  # refused
    client.force_login(factories.member(factories.institution(), Role.INSTITUTION_ADMIN))
    assert client.post(inspect, {"confirm": "erase"}).status_code == 404
    trainee.refresh_from_db()
    assert trainee.family_name == NAME[0]


def test_trainees_enrolments_and_placements_are_archived_never_deleted(client, history):
    superuser = factories.in_english(factories.user(is_superuser=True))
    client.force_login(superuser)
    trainee, placement = history["trainee"], history["placement"]
    for url in (
        reverse("trainees:delete", args=[trainee.pk]),
        reverse("placement_admin:delete", args=[placement.pk]),
    ):
        client.post(url)
    assert Trainee.objects.filter(pk=trainee.pk).exists()
    assert type(placement).objects.filter(pk=placement.pk).exists()
    assert "Delete" not in client.get(reverse("trainees:edit", args=[trainee.pk])).text
    granted = {p for permissions in MODEL_PERMISSIONS.values() for p in permissions}
    assert not granted & {
        "courses.delete_trainee",
        "courses.delete_enrolment",
        "placements.delete_placement",
    }
