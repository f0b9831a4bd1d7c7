"""Course pages: created in the editor, validated, computed, rendered as a syllabus."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.models import InstitutionPage, Role
from courses.models import CoursePage
from curriculum.models import Competency, CompetencyFramework, ServiceField, TrainingTier
from tests import factories

pytestmark = pytest.mark.django_db


def unit_data(title="Entrevista", theory="4", practice="6", supervision="2", materials=()):
    return {
        "title": title,
        "objectives": streamfield([("item", "Conducir una entrevista")]),
        "topics": streamfield([("item", "Escucha activa")]),
        "activities": streamfield([]),
        "readings": streamfield([]),
        "theory_hours": theory,
        "practice_hours": practice,
        "supervision_hours": supervision,
        "materials": streamfield([("item", pk) for pk in materials]),
    }


def course_form(code="TS-201", weights=(60, 40), units=None, outcome_competencies=()):
    return nested_form_data(
        {
            "title": "Intervención en crisis",
            "slug": f"curso-{code.lower()}",
            "code": code,
            "credits": "3",
            "pass_mark": "60",
            "attendance_threshold": "80",
            "summary": "Estabilizar situaciones de crisis y activar la red de apoyo.",
            # Tuples pass through nested_form_data as one multi-valued field.
            "service_fields": (ServiceField.objects.get(code="mental-health").pk,),
            "tier": TrainingTier.objects.get(code="formal-education").pk,
            "professional_level": "",
            "teaching_language": "es",
            "delivery_mode": "blended",
            "prerequisites": "",
            "outcomes": inline_formset(
                [{"text": "Evaluar el riesgo", "competencies": tuple(outcome_competencies)}],
                min=1,
            ),
            "units": streamfield(units or [("unit", unit_data())]),
            "assessment": streamfield(
                [
                    ("component", {"name": f"Parte {i}", "method": "exam", "weight": str(w)})
                    for i, w in enumerate(weights)
                ]
            ),
            "readings": streamfield([]),
            "materials": streamfield([]),
        }
    )


@pytest.fixture
def author(two_institutions):
    a, _b, _admin_a, _member_b = two_institutions
    return factories.member(a, Role.COURSE_AUTHOR)


def add_course(client, institution, data):
    url = reverse(
        "wagtailadmin_pages:add", args=["courses", "coursepage", institution.root_page_id]
    )
    return client.post(url, data)


def test_an_author_writes_a_course_under_their_institution(client, two_institutions, author):
    a = two_institutions[0]
    framework = CompetencyFramework.objects.create(code="f", title="Marco")
    crisis = Competency.objects.create(framework=framework, code="P.2", title="Crisis")
    client.force_login(author)
    response = add_course(client, a, course_form(outcome_competencies=[crisis.pk]))
    assert response.status_code == 302, response.context["form"].errors
    course = CoursePage.objects.get(code="TS-201", alias_of__isnull=True)
    assert course.institution == a
    assert list(course.outcomes.get().competencies.all()) == [crisis]
    assert course.hours == {
        "theory_hours": 4,
        "practice_hours": 6,
        "supervision_hours": 2,
        "total": 12,
    }
    assert course.practice_share == pytest.approx(Decimal(800) / 12)


def test_outcomes_map_to_the_frameworks_the_course_institution_uses(
    client, two_institutions, author
):
    """A's author is offered the shared framework and A's own, never one kept for B alone;
    an outcome that maps to a framework no longer offered keeps it."""
    a, b, _admin_a, _member_b = two_institutions
    shared = CompetencyFramework.objects.create(code="comun", title="Marco común")
    own = CompetencyFramework.objects.create(code="propio", title="Marco de A")
    others = CompetencyFramework.objects.create(code="ajeno", title="Marco de B")
    own.institutions.add(a)
    others.institutions.add(b)
    listening, ethics, foreign = (
        Competency.objects.create(framework=f, code="1.1", title=t)
        for f, t in ((shared, "Escucha"), (own, "Ética"), (others, "Ajena"))
    )
    client.force_login(author)
    add = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", a.root_page_id])
    offered = client.get(add).context["form"].formsets["outcomes"].empty_form
    assert set(offered.fields["competencies"].queryset) == {listening, ethics}

    refused = add_course(client, a, course_form(outcome_competencies=[foreign.pk]))
    assert refused.status_code == 200
    assert not CoursePage.objects.exists()

    assert add_course(client, a, course_form(outcome_competencies=[ethics.pk])).status_code == 302
    course = CoursePage.objects.get(code="TS-201", alias_of__isnull=True)
    own.institutions.set([b])  # A stops using it: the outcome keeps what it maps to
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    outcome = edit.context["form"].formsets["outcomes"].forms[0]
    assert set(outcome.fields["competencies"].queryset) == {listening, ethics}


def test_weights_that_do_not_total_100_are_refused_and_nothing_is_saved(
    client, two_institutions, author
):
    client.force_login(author)
    response = add_course(client, two_institutions[0], course_form(weights=(60, 30)))
    assert response.status_code == 200
    assert "Los pesos suman 90 %" in response.text  # Spanish is the default
    assert not CoursePage.objects.exists()


def test_absurd_hours_are_refused(client, two_institutions, author):
    client.force_login(author)
    units = [("unit", unit_data(practice="5000"))]
    response = add_course(client, two_institutions[0], course_form(units=units))
    assert response.status_code == 200
    assert not CoursePage.objects.exists()


def test_a_course_code_is_unique_within_its_institution_only(client, two_institutions, author):
    a, b, _admin_a, _member_b = two_institutions
    factories.course(a, code="TS-201")
    factories.course(b, code="TS-202")
    client.force_login(author)
    response = add_course(client, a, course_form(code="ts-201"))
    assert response.status_code == 200
    assert "TS-201" in str(response.context["form"].errors["code"])
    assert add_course(client, a, course_form(code="TS-202")).status_code == 302


def test_a_course_cannot_use_another_institutions_material(client, two_institutions, author):
    a, b, _admin_a, _member_b = two_institutions
    factories.member(b, Role.COURSE_AUTHOR, author)  # works at both, so the chooser offers both
    foreign = factories.material(b, "Caso Beta")
    client.force_login(author)
    units = [("unit", unit_data(materials=[foreign.pk]))]
    response = add_course(client, a, course_form(units=units))
    assert response.status_code == 200
    assert "Caso Beta" in response.text
    assert not CoursePage.objects.exists()


def test_an_author_of_another_institution_cannot_edit_the_course(client, two_institutions):
    a, _b, _admin_a, member_b = two_institutions
    course = factories.course(a)
    client.force_login(member_b)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).status_code != 200


def test_courses_are_created_only_under_an_institution():
    assert CoursePage.allowed_parent_page_models() == [InstitutionPage]


def test_the_syllabus_shows_outcomes_units_hours_assessment_and_policies(client, two_institutions):
    a = two_institutions[0]
    a.policies.create(kind="attendance", body="<p>Asistencia mínima del 80 %.</p>")
    material = factories.material(a, "Caso: la familia Zhou")
    course = factories.course(a, code="TS-301", title="Trabajo social en salud mental")
    course.units = [
        factories.unit("Crisis", theory=10, practice=20, supervision=5, materials=[material])
    ]
    course.save_revision().publish()
    response = client.get(course.url)
    assert response.status_code == 200
    text = response.text
    for expected in (
        "TS-301",
        "Crisis",
        "Horas en total: 35",
        "Caso: la familia Zhou",
        "80 %",
        "Examen",
    ):  # es
        assert expected in text, expected
    assert 'style="width: 57.14' in text  # the practice bar of the hours chart


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_syllabus_interface_is_translated(client, two_institutions, language):
    course = factories.course(two_institutions[0])
    with translation.override(language):
        expected = translation.gettext("Learning outcomes")
    alias = course.get_translation(Locale.objects.get(language_code=language))
    response = client.get(alias.url)
    assert response.status_code == 200
    assert expected in response.text and f'lang="{language}"' in response.text


def queries_for_a_course_with(client, institution, units):
    materials = [factories.material(institution) for _ in range(3)]
    course = factories.course(institution, units=0)
    course.units = [factories.unit(f"U{i}", materials=materials) for i in range(units)]
    course.materials = [("material", material) for material in materials]
    course.save_revision().publish()
    client.get(course.url)
    cache.clear()  # measure the syllabus as it is built, not as it is cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(course.url).status_code == 200
    return len(captured)


def test_the_syllabus_is_cached_until_the_course_is_published_again(client, two_institutions):
    course = factories.course(two_institutions[0], title="Ética profesional")
    client.get(course.url)
    cache.clear()
    with CaptureQueriesContext(connection) as building:
        client.get(course.url)
    with CaptureQueriesContext(connection) as cached:
        client.get(course.url)
    assert len(cached) < len(building)

    course.summary = "Resumen revisado tras la revisión del curso."
    course.save_revision().publish()
    assert "Resumen revisado" in client.get(course.url).text


def test_a_course_pages_queries_do_not_grow_with_its_units(client, two_institutions):
    a, b = two_institutions[0], two_institutions[1]
    assert queries_for_a_course_with(client, a, 5) == queries_for_a_course_with(client, b, 50)


def test_a_preview_shows_unsaved_changes_despite_the_cache(client, two_institutions):
    course = factories.course(two_institutions[0])
    client.get(course.url)  # the published syllabus is now cached
    course.summary = "Borrador que solo se ve en la vista previa."
    for _ in range(2):
        preview = course.make_preview_request()
        assert "Borrador que solo se ve" in preview.content.decode()
