import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils.html import strip_tags
from wagtail.models import (
    GroupPagePermission,
    Page,
    PageLogEntry,
    Revision,
    TranslatableMixin,
    WorkflowPage,
)
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation

from assessment import scoring
from assessment.models import EvaluationRound, IndicatorFramework, RoundSnapshot
from assessment.reports import report_pdf
from core.languages import field_suffix
from core.models import Institution, Membership, Region, Role, Term, User
from courses.models import CoursePage
from curriculum.models import (
    Competency,
    CompetencyFramework,
    EmployerKind,
    InstitutionPolicy,
    ProfessionalLevel,
    ServiceField,
    ServiceMethod,
    TeachingMaterial,
    TrainingTier,
)
from placements.models import RubricLevel
from plans.models import CurriculumPlanPage
from tests.forms import visible_text
from tests.indexes import index_updates_paused

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture(scope="module")
def demo_folders(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    return {"MEDIA_ROOT": str(folder / "media"), "PRIVATE_MEDIA_ROOT": str(folder / "private")}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_folders):
    """The demo, loaded once for this module's tests: each test's changes roll back to it (a
    savepoint inside this transaction), and it rolls back once they are done."""
    with (
        django_db_blocker.unblock(),
        override_settings(**demo_folders),
        index_updates_paused(),
        transaction.atomic(),
    ):
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def media_root(settings, demo_folders):
    """The demo's files stay where it stored them (conftest gives each test folders of its
    own)."""
    for name, folder in demo_folders.items():
        setattr(settings, name, folder)


def snapshot():
    return {
        "pages": list(Page.objects.values_list("pk", "path", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "users": list(User.objects.values_list("email", "password")),
        "memberships": Membership.objects.count(),
        "institutions": list(Institution.objects.values_list("slug", "root_page", "collection")),
        "regions": Region.objects.count(),
        "competencies": list(Competency.objects.values_list("framework__code", "code")),
        "materials": list(TeachingMaterial.objects.values_list("title", "document")),
        "policies": InstitutionPolicy.objects.count(),
        "courses": list(CoursePage.objects.values_list("pk", "code", "latest_revision_id")),
    }


def test_load_demo_twice_changes_nothing(demo):
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first


def test_demo_has_varied_institutions_and_staff_in_every_role(demo):
    assert TeachingMaterial.objects.count() >= 20
    assert TeachingMaterial.objects.values("institution").distinct().count() >= 3
    courses = CoursePage.objects.filter(locale__language_code="es")
    assert courses.count() >= 12
    assert courses.values("institution").distinct().count() >= 3
    assert courses.values("service_fields").distinct().count() >= 8
    assert CurriculumPlanPage.objects.filter(locale__language_code="es").count() >= 2
    institutions = Institution.objects.all()
    assert institutions.count() >= 3
    assert len({i.kind for i in institutions}) >= 3
    assert len({i.region.lineage()[0] for i in institutions}) >= 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


@pytest.mark.parametrize(
    ("email", "uses_the_editor"),
    [
        ("admin@praxis.example", True),
        ("institucion@praxis.example", True),
        ("autora@praxis.example", True),
        ("revisor@praxis.example", True),
        ("coordinadora@praxis.example", True),
        ("evaluador@praxis.example", True),
        ("docente@praxis.example", True),  # records attendance and grades
        ("estudiante@praxis.example", False),
    ],
)
def test_every_demo_log_in_signs_in_and_reaches_its_side(demo, client, email, uses_the_editor):
    response = client.post(
        "/es/accounts/login/", {"username": email, "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302, email
    assert client.get("/es/").context["user"].email == email
    assert (client.get("/admin/").status_code == 200) is uses_the_editor


def test_every_language_of_an_institution_subtree_has_its_workflow_and_permissions(demo):
    for institution in Institution.objects.all():
        roots = Page.objects.filter(translation_key=institution.root_page.translation_key)
        assert roots.count() == 3
        for root in roots:
            assert root.alias_of_id is None  # translated, not an alias
            assert WorkflowPage.objects.get(page=root).workflow_id == institution.workflow_id
            assert GroupPagePermission.objects.filter(page=root).exists()


NAMED_IN_EVERY_LANGUAGE = [
    (Institution, "name"),
    (Region, "name"),
    (Term, "name"),
    (RubricLevel, "name"),
    (ServiceField, "name"),
    (TrainingTier, "name"),
    (ProfessionalLevel, "name"),
    (ServiceMethod, "name"),
    (EmployerKind, "name"),
    (CompetencyFramework, "title"),
    (Competency, "title"),
    (EvaluationRound, "name"),
]


def test_every_named_record_of_the_demo_has_a_name_in_every_site_language(demo):
    """What readers of each language see is the demo's own word, not a fallback to another."""
    missing = [
        f"{model.__name__} {record.pk} ({code})"
        for model, field in NAMED_IN_EVERY_LANGUAGE
        for record in model.objects.all()
        for code, _name in settings.LANGUAGES
        if not getattr(record, f"{field}_{field_suffix(code)}")
    ]
    assert missing == []


def test_the_chinese_catalog_course_and_syllabus_name_nothing_in_spanish(demo, client):
    """A Chinese reader meets the demo's institutions, regions and competencies in Chinese: in
    the catalog, on a translated course, and in its syllabus PDF."""
    spanish = {
        *(name for name in Institution.objects.values_list("name", flat=True)),
        *(name for name in Region.objects.values_list("name_es", flat=True)),
        *(title for title in Competency.objects.values_list("title_es", flat=True)),
        *(  # each policy's first words
            strip_tags(policy.body)[:40]
            for policy in InstitutionPolicy.objects.filter(locale__language_code="es")
        ),
    }
    course = CoursePage.objects.get(code="TS-301", locale__language_code="zh-hans")
    assert course.alias_of_id is None and course.title == "危机与突发事件干预"
    syllabus = client.get(f"{course.url}syllabus.pdf")
    pdf = b"".join(syllabus.streaming_content) if syllabus.streaming else syllabus.content
    pdftotext = ["/usr/bin/pdftotext", "-", "-"]
    texts = {
        "catalog": visible_text(client.get("/zh-hans/kecheng/").text),
        "course": visible_text(client.get(course.url).text),
        "syllabus": subprocess.run(pdftotext, input=pdf, capture_output=True, check=True).stdout,
    }
    texts["syllabus"] = texts["syllabus"].decode()
    assert "危机与突发事件干预" in texts["catalog"] and "西南大学社会工作学院" in texts["course"]
    assert "伦理困境中的反思" in texts["syllabus"] and "社会工作职业伦理守则" in texts["syllabus"]
    found = {where: [name for name in spanish if name in text] for where, text in texts.items()}
    assert found == {"catalog": [], "course": [], "syllabus": []}


def test_the_demo_has_courses_and_a_plan_translated_with_wagtail_localize(demo):
    translated = {
        language: set(
            CoursePage.objects.filter(
                locale__language_code=language,
                alias_of=None,
                translation_key__in=Translation.objects.filter(
                    target_locale__language_code=language
                ).values("source__object_id"),
            ).values_list("code", flat=True)
        )
        for language in ("zh-hans", "en")
    }
    assert len(translated["zh-hans"]) >= 4 and len(translated["en"]) >= 2
    assert CurriculumPlanPage.objects.filter(
        locale__language_code="zh-hans", alias_of=None, title__contains="四川"
    ).exists()


def test_every_translatable_snippet_of_the_demo_is_in_every_site_language(demo):
    """Each translatable snippet (a questionnaire…) of the demo has its translation in every
    site language, made with wagtail-localize."""
    languages = {code for code, _name in settings.LANGUAGES}
    snippets = [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]
    assert snippets  # the check checks something
    missing = []
    for model in snippets:
        held: dict[object, set[str]] = {}
        for key, language in model.objects.values_list("translation_key", "locale__language_code"):
            held.setdefault(key, set()).add(language)
        missing += [
            f"{model.__name__} {key}: {languages - found}"
            for key, found in held.items()
            if found != languages
        ]
    assert missing == []


def test_a_chinese_quality_report_names_its_framework_institution_and_ratings_in_chinese(demo):
    spanish_framework = IndicatorFramework.objects.get(locale__language_code="es")
    words = scoring.names(spanish_framework.definition())
    spanish = {
        words["name"],
        *words["dimensions"].values(),
        *words["indicators"].values(),
        *words["ratings"],
        *Institution.objects.values_list("name", flat=True),
        *EvaluationRound.objects.values_list("name", flat=True),
    }
    snapshot = RoundSnapshot.objects.filter(institution__slug="universidad-del-suroeste").latest(
        "finalised_at"
    )
    pdf = report_pdf(snapshot, "zh-hans")
    assert pdf.filename.startswith("universidad-del-suroeste-") and "-zh-hans" in pdf.filename
    with pdf.file.open("rb") as stored:
        text = subprocess.run(
            ["/usr/bin/pdftotext", "-", "-"], input=stored.read(), capture_output=True, check=True
        ).stdout.decode()
    assert "社会工作培训质量评估框架（100分制）" in text and "西南大学社会工作学院" in text
    assert "年度评估" in text  # the round, and the earlier ones in the trend
    assert [name for name in spanish if name in text] == []
