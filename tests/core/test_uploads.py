"""Uploads are judged by their content: a file must be what its name says, and an image that
would fill the memory once decoded is refused from its header."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import PraxisDocument, PraxisImage, Role
from core.spreadsheets import spreadsheet_bytes
from core.storage import private_storage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client, two_institutions):
    institution = two_institutions[0]
    user = factories.in_english(factories.member(institution, Role.COURSE_AUTHOR))
    client.force_login(user)
    return institution


def upload_document(client, institution, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "collection": institution.collection.pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("guia.pdf", b"%PDF-1.7\n1 0 obj\n"),
        ("notas.xlsx", spreadsheet_bytes("xlsx", ["nombre", "horas"], [["Lucía", 12]])),
        ("lista.csv", "nombre,horas\nLucía,12\n".encode()),
        ("esquema.png", factories.png(40, 30)),
        ("acta.doc", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504),
    ],
)
def test_a_document_that_is_what_its_name_says_is_stored(client, author, name, content):
    assert upload_document(client, author, name, content).status_code == 302
    assert PraxisDocument.objects.get().file.read() == content


@pytest.mark.parametrize(
    "name, content",
    [
        ("informe.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable"),
        ("acta.docx", b"%PDF-1.4\n a PDF renamed"),
        ("notas.xlsx", b"just some text, not a workbook"),
        ("lista.csv", b"nombre,horas\n\x00\x01\x02 binary"),
        ("foto.png", b"\xff\xd8\xff\xe0\x00\x10JFIF a JPEG renamed"),
    ],
)
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(
    client, author, name, content
):
    response = upload_document(client, author, name, content)

    assert response.status_code == 200
    error = str(response.context["form"].errors["file"])
    assert "its content does not match its name" in error
    assert f"save it as {name.rsplit('.', 1)[1].upper()}" in error
    assert not PraxisDocument.objects.exists()
    documents = private_storage()
    assert not documents.exists("documents") or documents.listdir("documents") == ([], [])


def test_an_image_of_four_hundred_million_pixels_is_refused_from_its_header(client, author):
    bomb = factories.png(20_000, 20_000)
    assert len(bomb) < 200_000  # small on the wire, 50 MB once decoded even at one bit a pixel

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bomba",
            "collection": author.collection.pk,
            "file": SimpleUploadedFile("bomba.png", bomb, content_type="image/png"),
        },
    )

    assert response.status_code == 200
    assert "too many pixels" in str(response.context["form"].errors["file"])
    assert not PraxisImage.objects.exists()
