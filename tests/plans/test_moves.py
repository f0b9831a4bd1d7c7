"""A database made before curriculum plans moved to their own app, and the gradebook and course
evaluations to courses, migrates with nothing lost: the moves change only Django's state and
the content types' labels, so every page, revision, permission, grade and answer stays, and the
content types keep their ids."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from courses.models import Grade, Questionnaire, SurveyReceipt, SurveyResponse
from plans.models import CurriculumPlanPage, PlanCourse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Each app's last migration before the moves.
BEFORE = [
    ("curriculum", "0005_employer_kinds"),
    ("courses", "0010_enrolment_invitations"),
    ("assessment", "0003_framework_authority"),
    ("plans", None),
]
MOVED = {
    ("curriculum", "plans"): [CurriculumPlanPage, PlanCourse],
    ("assessment", "courses"): [Grade, Questionnaire, SurveyReceipt, SurveyResponse],
}
MOVED_MODELS = [model for models in MOVED.values() for model in models]


@pytest.fixture(autouse=True)
def content_types_cached_again():
    """Migrating here empties the content types' cache. A later test that restores the
    database (serialized_rollback) needs it full, or a content type looked up while the rows
    are restored is made a second time beside the restored one."""
    yield
    ContentType.objects.get_for_models(*apps.get_models())


def migrate(targets=None):
    """Migrate to the targets (the latest migrations when none), and return the state's apps."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def labels():
    return {
        (model._meta.model_name, ct.pk): ct.app_label
        for model in MOVED_MODELS
        for ct in ContentType.objects.filter(model=model._meta.model_name)
    }


def test_a_database_filled_by_the_demo_before_the_moves_migrates_with_nothing_lost(client):
    call_command("load_demo", verbosity=0)
    rows = {model: model.objects.count() for model in MOVED_MODELS}
    assert all(rows.values()), rows  # the demo has plans, grades and evaluations to lose
    plan_ids = set(CurriculumPlanPage.objects.values_list("pk", flat=True))
    permissions = Permission.objects.count()

    # The schema as it was: the old apps' models read the same rows under the old labels.
    old = migrate(BEFORE)
    for (old_app, _new_app), models in MOVED.items():
        for model in models:
            historical = old.get_model(old_app, model.__name__)
            assert historical.objects.count() == rows[model]
    assert set(labels().values()) == {"curriculum", "assessment"}
    assert {page.content_type.app_label for page in Page.objects.filter(pk__in=plan_ids)} == {
        "curriculum"
    }
    ids_before = {(model, pk) for model, pk in labels()}

    migrate()
    assert {(model, pk) for model, pk in labels()} == ids_before  # the same rows, relabelled
    assert set(labels().values()) == {"plans", "courses"}
    assert {model: model.objects.count() for model in rows} == rows
    assert Permission.objects.count() == permissions
    plans = Page.objects.filter(pk__in=plan_ids).specific()
    assert {type(page) for page in plans} == {CurriculumPlanPage}
    plan = CurriculumPlanPage.objects.live().filter(locale__language_code="es").first()
    assert client.get(plan.url).status_code == 200
    assert plan.summary().entries
