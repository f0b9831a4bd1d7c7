"""Private files: trainees' evidence, rendered PDFs and documents are kept outside MEDIA_ROOT,
have no URL, are served only by views that check who asks, and files uploaded before private
storage existed are moved there by the migrations."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, CollectionViewRestriction

from core import pdf
from core.models import PraxisDocument
from core.storage import files_mover, private_storage
from courses.models import ContinuingEducationRecord
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 constancia de asistencia"


def files_in(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())


def test_trainee_evidence_pdfs_and_documents_are_stored_outside_the_public_media(settings):
    institution = factories.institution()
    record = ledger_record(institution, evidence=SimpleUploadedFile("constancia.pdf", PDF))
    document = PraxisDocument.objects.create(
        title="Guía", file=ContentFile(PDF, name="guia.pdf"), collection=institution.collection
    )
    stored = pdf.stored_pdf(
        "prueba/1/r1/es",
        "prueba/1/es",
        lambda on_stage: pdf.render_pdf("pdf/base.html", {}, language="es"),
    )

    private = files_in(settings.PRIVATE_MEDIA_ROOT)
    assert record.evidence.name in private
    assert document.file.name in private
    assert stored.file.name in private
    assert files_in(settings.MEDIA_ROOT) == []
    assert not Path(settings.PRIVATE_MEDIA_ROOT).is_relative_to(settings.MEDIA_ROOT)
    for file in (record.evidence, document.file, stored.file):
        with pytest.raises(NotImplementedError, match="private file and has no URL"):
            file.url  # noqa: B018 - the property is what is tested


def test_a_document_in_a_private_collection_is_served_only_to_those_it_is_shared_with(client, home):
    institution = factories.institution()
    private = Collection.get_first_root_node().add_child(name="Expedientes")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = PraxisDocument.objects.create(
        title="Informe", file=ContentFile(PDF, name="informe.pdf"), collection=private
    )

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]

    client.force_login(factories.member(institution))
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("courses", "ContinuingEducationRecord", "evidence"),
        ("core", "PraxisDocument", "file"),
        ("core", "RenderedPdf", "file"),
    ],
)
def test_the_migrations_move_files_uploaded_before_into_private_storage_and_back(
    app_label, model_name, field_name
):
    """The migration step moves each row's file under the same name, can run again, and its
    reverse puts the files back."""
    forwards, backwards = files_mover(app_label, model_name, field_name)
    model = apps.get_model(app_label, model_name)
    name = default_storage.save(f"legacy/{model_name.lower()}.pdf", ContentFile(PDF))
    row = model_row(model)
    model.objects.filter(pk=row.pk).update(**{field_name: name})

    forwards(apps, None)
    forwards(apps, None)  # again: nothing left to move, nothing lost

    assert not default_storage.exists(name)
    with private_storage().open(name) as moved:
        assert moved.read() == PDF
    backwards(apps, None)
    assert not private_storage().exists(name)
    assert default_storage.open(name).read() == PDF


def ledger_record(institution, **fields):
    return ContinuingEducationRecord.objects.create(
        trainee=factories.trainee(),
        institution=institution,
        kind="external",
        title="Taller de duelo",
        hours=Decimal("8"),
        completed_on="2026-05-01",
        **fields,
    )


def model_row(model):
    institution = factories.institution()
    if model is ContinuingEducationRecord:
        return ledger_record(institution)
    if model is PraxisDocument:
        return model.objects.create(
            title="Guía", file=ContentFile(b"x", name="old.pdf"), collection=institution.collection
        )
    return model.objects.create(key="legacy", scope="legacy")
