"""Reference data is seeded in three languages, named in the reader's language, and revisioned."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from curriculum.models import (
    Competency,
    CompetencyFramework,
    ProfessionalLevel,
    ServiceField,
    ServiceMethod,
    TrainingTier,
)

pytestmark = pytest.mark.django_db


def test_the_policys_reference_data_is_seeded_in_three_languages():
    assert ServiceField.objects.count() == 16
    assert TrainingTier.objects.count() == 6
    assert ProfessionalLevel.objects.count() == 3
    assert ServiceMethod.objects.count() == 6
    for model in (ServiceField, TrainingTier, ProfessionalLevel, ServiceMethod):
        assert not model.objects.filter(name_es="").exists()
        assert not model.objects.filter(name_zh_hans="").exists()
        assert not model.objects.filter(name_en="").exists()


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("es", "Salud mental"),
        ("zh-hans", "精神卫生"),
        ("en", "Mental health"),
        ("fr", "Salud mental"),
    ],
)
def test_a_term_is_named_in_the_active_language_falling_back_to_spanish(language, name):
    term = ServiceField.objects.get(code="mental-health")
    with translation.override(language):
        assert str(term) == name


def test_an_administrator_adds_a_field_and_its_revision_is_kept(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_curriculum_servicefield:add"),
        {
            "code": "elderly-care",
            "name_es": "Atención a personas mayores",
            "name_zh_hans": "养老服务",
            "name_en": "Elderly care",
            "sort_order": "170",
        },
    )
    assert response.status_code == 302
    field = ServiceField.objects.get(code="elderly-care")
    assert field.revisions.count() == 1


def test_a_duplicate_code_is_refused_with_a_clear_error(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_curriculum_servicefield:add"),
        {"code": "mental-health", "name_es": "x", "name_zh_hans": "x", "name_en": "x"},
    )
    assert response.status_code == 200
    assert ServiceField.objects.filter(code="mental-health").count() == 1
    assert response.context["form"].errors["code"]


@translation.override("en")
def test_a_competency_belongs_to_its_parents_framework_and_never_to_itself():
    first = CompetencyFramework.objects.create(code="a", title="A")
    second = CompetencyFramework.objects.create(code="b", title="B")
    values = Competency.objects.create(framework=first, code="V", title="Valores")
    stray = Competency(framework=second, parent=values, code="X", title="Fuera")
    with pytest.raises(ValidationError) as error:
        stray.full_clean()
    assert "same framework" in str(error.value)

    ethics = Competency.objects.create(framework=first, parent=values, code="V.1", title="Ética")
    values.parent = ethics
    with pytest.raises(ValidationError) as error:
        values.full_clean()
    assert "part of itself" in str(error.value)
