"""A curriculum plan computes its hours, practice share, ethics and competency coverage, and
refuses courses with unmapped outcomes where it requires mapping."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.models import Role
from core.services import default_home_page
from courses.models import LearningOutcome
from curriculum.models import Competency, ServiceField, TrainingTier
from plans.models import CurriculumPlanPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return factories.competency_framework()


def course_building(institution, *codes, **hours):
    course = factories.course(institution, units=0)
    course.units = [factories.unit("Única", **hours)]
    course.save_revision().publish()
    outcome = LearningOutcome(page=course, text="Resultado")
    outcome.competencies = Competency.objects.filter(code__in=codes)
    outcome.save()
    return course


def test_a_plan_computes_hours_practice_share_ethics_and_coverage(two_institutions, framework):
    a = two_institutions[0]
    ethics = course_building(a, "V.1", theory=10, practice=5, supervision=5)
    practice = course_building(a, "P", theory=0, practice=20, supervision=0)
    elective = course_building(a, "P", theory=8, practice=0, supervision=0)
    summary = factories.plan(
        framework,
        [(ethics, "required"), (practice, "required"), (elective, "elective")],
        min_practice_share=60,
    ).summary()

    assert summary.hours["total"] == {"required": 40, "elective": 8}
    assert summary.practice_share == 75  # (5 + 20 + 5) of 40 hours
    assert summary.practice_share_met is True
    assert summary.ethics_met is True  # V.1 is part of V
    rows = {competency.code: row for competency, row in summary.matrix}
    assert rows["V"] == [True, False, False] and rows["P"] == [False, True, True]
    assert [c.code for c in summary.uncovered] == ["T"]


def test_a_plan_says_when_a_requirement_is_not_met(two_institutions, framework):
    course = course_building(two_institutions[0], "P", theory=30, practice=10, supervision=0)
    page = factories.plan(framework, [(course, "required")], min_practice_share=30)
    summary = page.summary()
    assert summary.practice_share == 25 and summary.practice_share_met is False
    assert summary.ethics_met is False


def test_the_plan_page_shows_its_coverage_matrix(client, two_institutions, framework):
    course = course_building(two_institutions[0], "V.1", theory=4, practice=4, supervision=2)
    page = factories.plan(framework, [(course, "required")])
    response = client.get(page.url)
    assert response.status_code == 200
    assert course.code in response.text and "V.1 Ética" in response.text
    assert "T Teoría" in response.text  # listed as uncovered


def plan_form(framework, courses, *, title):
    """A new plan requiring competency mapping, with these required courses, as posted."""
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "intro": "",
            "body": streamfield([]),
            "tier": TrainingTier.objects.get(code="grassroots").pk,
            "service_field": ServiceField.objects.get(code="social-assistance").pk,
            "region": "",
            "target_trainees": "Personal de base",
            "objectives": "Atender",
            "framework": framework.pk,
            "min_practice_share": "30",
            "ethics_competency": "",
            "requires_competency_mapping": "on",
            "plan_courses": inline_formset(
                [{"course": course.pk, "kind": "required"} for course in courses], min=1
            ),
        }
    )


def test_a_plan_refuses_courses_with_unmapped_outcomes_where_it_requires_mapping(
    admin_client, two_institutions, framework
):
    mapped = course_building(two_institutions[0], "P", theory=4, practice=4, supervision=0)
    unmapped = course_building(two_institutions[0], theory=4, practice=4, supervision=0)
    form = plan_form(framework, [mapped, unmapped], title="Plan de base")
    url = reverse(
        "wagtailadmin_pages:add", args=["plans", "curriculumplanpage", default_home_page().pk]
    )
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert f"{unmapped.code}: Resultado" in response.text
    assert not CurriculumPlanPage.objects.exists()

    del form["requires_competency_mapping"]
    assert admin_client.post(url, form).status_code == 302


def test_a_plan_offers_live_courses_and_its_authors_drafts_never_anothers_draft(
    client, two_institutions, framework
):
    """An author picks, for a plan, published courses and their own institution's drafts:
    another institution's draft is refused, and the refusal does not quote its outcomes."""
    a, b, _admin_a, _member_b = two_institutions
    author = factories.member(a, Role.COURSE_AUTHOR)
    theirs = course_building(b, theory=4, practice=4, supervision=0)
    LearningOutcome.objects.filter(page=theirs).update(text="Resultado secreto de Beta")
    theirs.unpublish()
    ours = course_building(a, "P", theory=4, practice=4, supervision=0)
    form = plan_form(framework, [ours, theirs], title="Plan de Alfa")
    client.force_login(author)
    url = reverse("wagtailadmin_pages:add", args=["plans", "curriculumplanpage", a.root_page_id])
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Resultado secreto" not in refused.text and theirs.title not in refused.text
    assert not CurriculumPlanPage.objects.exists()
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[b.root_page_id]))
    assert theirs.title not in chooser.text
