"""Teaching materials and course policies belong to an institution: others cannot list, see,
edit or choose them; files are checked for type and size."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from core.models import PraxisDocument, Role
from curriculum.models import InstitutionPolicy, TeachingMaterial
from tests import factories

pytestmark = pytest.mark.django_db

MATERIALS = "wagtailsnippets_curriculum_teachingmaterial"
MATERIAL_CHOOSER = "wagtailsnippetchoosers_curriculum_teachingmaterial"
POLICIES = "wagtailsnippets_curriculum_institutionpolicy"


@pytest.fixture
def materials(two_institutions):
    a, b, _admin_a, _member_b = two_institutions
    author_a = factories.member(a, Role.COURSE_AUTHOR)
    own = factories.material(a, "Caso Alfa")
    other = factories.material(b, "Caso Beta")
    return author_a, own, other


def test_an_author_lists_and_chooses_only_their_institutions_materials(client, materials):
    author_a, own, other = materials
    client.force_login(author_a)
    for url in (reverse(f"{MATERIALS}:list"), reverse(f"{MATERIAL_CHOOSER}:choose")):
        response = client.get(url)
        assert response.status_code == 200
        assert own.title in response.text and other.title not in response.text


@pytest.mark.parametrize(
    "url",
    [
        f"{MATERIALS}:edit",
        f"{MATERIALS}:history",
        f"{MATERIALS}:usage",
        f"{MATERIAL_CHOOSER}:chosen",
    ],
)
def test_another_institutions_material_is_not_found(client, materials, url):
    author_a, own, other = materials
    client.force_login(author_a)
    assert client.get(reverse(url, args=[own.pk])).status_code == 200
    assert client.get(reverse(url, args=[other.pk])).status_code == 404


def test_an_author_cannot_file_a_material_under_another_institution(client, materials):
    author_a, own, other = materials
    client.force_login(author_a)
    form = client.get(reverse(f"{MATERIALS}:add")).context["form"]
    assert list(form.fields["institution"].queryset) == [own.institution]
    assert form.fields["institution"].initial == own.institution

    response = client.post(
        reverse(f"{MATERIALS}:add"),
        {
            "institution": other.institution.pk,
            "title": "Intruso",
            "kind": TeachingMaterial.Kind.VIDEO,
            "language": "es",
            "licence": TeachingMaterial.Licence.CC_BY,
            "url": "https://example.org/v",
        },
    )
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not TeachingMaterial.objects.filter(title="Intruso").exists()


def test_an_author_saves_a_material_and_a_revision_is_kept(client, materials):
    author_a, own, _other = materials
    client.force_login(author_a)
    response = client.post(
        reverse(f"{MATERIALS}:edit", args=[own.pk]),
        {
            "institution": own.institution.pk,
            "title": "Caso Alfa, segunda edición",
            "kind": own.kind,
            "language": "es",
            "licence": own.licence,
            "url": own.url,
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Caso Alfa, segunda edición"
    assert own.revisions.count() == 1


def test_a_material_has_a_document_or_a_link_from_its_own_collection(two_institutions, english):
    a, b, _admin_a, _member_b = two_institutions
    neither = TeachingMaterial(institution=a, title="Nada", kind="video", licence="cc-by")
    with pytest.raises(ValidationError, match="either a document or a link"):
        neither.full_clean()
    foreign = PraxisDocument.objects.create(
        title="Ajeno",
        collection=b.collection,
        file=SimpleUploadedFile("ajeno.pdf", b"%PDF-1.4\n"),
    )
    borrowed = TeachingMaterial(
        institution=a, title="Prestado", kind="video", licence="cc-by", document=foreign
    )
    with pytest.raises(ValidationError, match="own collection"):
        borrowed.full_clean()


def upload(client, collection, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "collection": collection.pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_a_document_of_a_disallowed_type_is_refused(client, materials):
    author_a, own, _other = materials
    client.force_login(author_a)
    response = upload(client, own.institution.collection, "virus.exe", b"MZ\x90\x00")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not PraxisDocument.objects.exists()


@override_settings(DOCUMENT_MAX_UPLOAD_MB=1)
def test_a_document_above_the_size_limit_is_refused_and_says_what_to_do(client, materials):
    author_a, own, _other = materials
    client.force_login(author_a)
    response = upload(client, own.institution.collection, "big.pdf", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 200
    assert "el límite es de 1 MB" in str(response.context["form"].errors["file"])  # es default
    assert not PraxisDocument.objects.exists()
    assert upload(client, own.institution.collection, "ok.pdf", b"%PDF-1.4\n").status_code == 302


def test_only_an_institutions_admins_change_its_course_policies(client, two_institutions):
    a, b, admin_a, member_b = two_institutions
    own = InstitutionPolicy.objects.create(institution=a, kind="ethics", body="<p>Ética</p>")
    other = InstitutionPolicy.objects.create(institution=b, kind="ethics", body="<p>Ethik</p>")
    client.force_login(admin_a)
    assert client.get(reverse(f"{POLICIES}:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse(f"{POLICIES}:edit", args=[other.pk])).status_code == 404

    client.force_login(member_b)  # an author of B
    assert client.get(reverse(f"{POLICIES}:edit", args=[other.pk])).status_code in {302, 403, 404}
    assert client.get(reverse(f"{POLICIES}:list")).status_code in {302, 403}


@pytest.mark.indexed
def test_where_used_lists_the_courses_that_teach_with_a_material(client, materials):
    author_a, own, _other = materials
    course = factories.course(own.institution, title="Curso con caso")
    course.materials = [("material", own)]
    course.save_revision().publish()
    client.force_login(author_a)
    response = client.get(reverse(f"{MATERIALS}:usage", args=[own.pk]))
    assert "Curso con caso" in response.text
