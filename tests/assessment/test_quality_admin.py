"""The Quality menu: evaluators open, compute, fill in, finalise and reopen rounds of their own
region only; other people's rounds are a 404; questionnaires keep to their institution."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import override as translation_override
from wagtail.models import Locale, ModelLogEntry
from wagtail_localize.models import StringTranslation, Translation

from assessment import rounds
from assessment.models import EvaluationRound, IndicatorValue, RoundSnapshot
from core.demo import translate
from core.models import PraxisDocument, Role
from courses.models import Questionnaire
from tests import factories
from tests.browser.looking import RAW
from tests.forms import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator(setting, client):
    _evaluation, person, _busy, _quiet = setting
    client.force_login(factories.in_english(person))
    return person


def _url(evaluation, tail=""):
    return f"/admin/quality/rounds/{evaluation.pk}/{tail}"


def test_an_evaluator_opens_a_round_for_institutions_of_their_region(client, setting, evaluator):
    evaluation, _person, busy, quiet = setting
    elsewhere = factories.institution(name="Instituto Lejano")
    form = client.get("/admin/quality/rounds/new/").text
    assert "Instituto Alfa" in form and "Instituto Lejano" not in form
    data = {
        "name": "Revisión 2027",
        "authority": evaluation.authority_id,
        "framework": evaluation.framework_id,
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "institutions": [busy.pk, quiet.pk],
    }
    refused = client.post("/admin/quality/rounds/new/", {**data, "institutions": [elsewhere.pk]})
    assert refused.status_code == 200 and not EvaluationRound.objects.filter(name="Revisión 2027")
    response = client.post("/admin/quality/rounds/new/", data)
    assert response.status_code == 302
    made = EvaluationRound.objects.get(name="Revisión 2027")
    assert made.framework_revision == evaluation.framework.live_revision
    assert set(made.institutions.all()) == {busy, quiet}


def test_the_workspace_computes_fills_in_finalises_and_reopens(
    client, setting, evaluator, django_capture_on_commit_callbacks
):
    evaluation, _person, busy, quiet = setting
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(evaluation, "act/"), {"action": "compute"})
    evaluation.refresh_from_db()
    assert evaluation.computed_at is not None and evaluation.progress is None
    status = client.get(_url(evaluation, "status/")).json()
    assert status["ready"] and status["progress"] == 100
    page = client.get(_url(evaluation, f"institutions/{busy.pk}/"))
    assert (
        "75 %" in page.text
        and 'name="value-A2"' in page.text
        and 'name="value-A1"' not in page.text
    )
    wrong = client.post(_url(evaluation, f"institutions/{busy.pk}/"), {"value-A2": "3"})
    assert "3 is out of range for A2: values go from 0 to 1." in wrong.text
    assert not IndicatorValue.objects.filter(code="A2").exists()
    evidence = SimpleUploadedFile("licencia.pdf", b"%PDF-1.4 licencia", "application/pdf")
    saved = client.post(
        _url(evaluation, f"institutions/{busy.pk}/"),
        {"value-A2": "1", "note-A2": "Licencia vigente", "evidence-A2": evidence},
    )
    assert saved.status_code == 302
    stored = IndicatorValue.objects.get(code="A2", institution=busy)
    assert stored.note == "Licencia vigente"
    assert [d.collection for d in stored.evidence.all()] == [evaluation.authority.collection]
    refused = client.post(_url(evaluation, "act/"), {"action": "finalise"}, follow=True)
    assert "Enter the missing values before finalising: A2 (Instituto Beta)." in refused.text
    client.post(_url(evaluation, f"institutions/{quiet.pk}/"), {"value-A2": "0"})
    client.post(_url(evaluation, "act/"), {"action": "finalise"})
    assert RoundSnapshot.objects.filter(round=evaluation).count() == 2
    compare = client.get(_url(evaluation, "compare/")).text
    assert "Instituto Alfa" in compare and "Instituto Beta" in compare and "read-only" in compare
    client.post(_url(evaluation, "act/"), {"action": "reopen", "reason": "Corrección"})
    evaluation.refresh_from_db()
    assert evaluation.version == 2 and evaluation.is_open
    history = client.get(f"/admin/quality/rounds/history/{evaluation.pk}/").text
    assert "Round reopened" in history and "Round finalised" in history
    assert ModelLogEntry.objects.filter(action="praxis.round_reopen", user=evaluator).exists()


def test_the_round_reads_as_people_read_it(client, setting, evaluator):
    """Its facts name the framework's version by its date in local time, and print no id, no
    `None` and no stored timestamp."""
    evaluation, *_rest = setting
    page = BeautifulSoup(
        client.get(f"/admin/quality/rounds/inspect/{evaluation.pk}/").text, "html.parser"
    )
    facts = {
        dt.get_text(strip=True): dt.find_next("dd").get_text(" ", strip=True)
        for dt in page.find_all("dt")
    }
    with translation.override("en"):
        saved = date_format(localtime(evaluation.framework_revision.created_at), "DATETIME_FORMAT")
    assert facts["Framework version"] == f"Version of {saved}"
    assert "ID" not in facts and "Created by" in facts
    assert not RAW.findall(page.get_text(" "))


def test_other_people_reach_nothing_of_a_round(client, setting):
    evaluation, _person, busy, _quiet = setting
    _authority, other_evaluator = factories.authority(factories.region("Yunnan"))
    client.force_login(other_evaluator)
    for tail in ("status/", "compare/", f"institutions/{busy.pk}/"):
        assert client.get(_url(evaluation, tail)).status_code == 404, tail
    assert client.get(f"/admin/quality/rounds/inspect/{evaluation.pk}/").status_code == 404
    assert client.post(_url(evaluation, "act/"), {"action": "finalise"}).status_code == 404
    staff = factories.member(busy, Role.INSTITUTION_ADMIN)
    client.force_login(staff)
    assert client.get(f"/admin/quality/rounds/inspect/{evaluation.pk}/").status_code == 404
    assert client.get(_url(evaluation, "compare/")).status_code == 404


def test_a_framework_with_weights_not_totalling_100_is_refused(setting, english):
    framework = setting[0].framework
    dimensions = framework.dimensions.raw_data
    dimensions[0]["value"]["indicators"][0]["value"]["weight"] = "50"
    framework.dimensions = dimensions
    with pytest.raises(ValidationError) as refused:
        framework.full_clean()
    assert "The weights of the indicators in “Dimensión A” add up to 90 %" in str(refused.value)
    assert "The dimensions' points add up to" not in str(refused.value)


def test_evaluators_edit_frameworks_in_the_editor(client, setting, evaluator):
    framework = setting[0].framework
    listing = client.get("/admin/snippets/assessment/indicatorframework/")
    assert listing.status_code == 200 and framework.name in listing.text
    edit = client.get(f"/admin/snippets/assessment/indicatorframework/edit/{framework.pk}/")
    assert edit.status_code == 200


def test_questionnaires_keep_to_their_institution(client, two_institutions):
    a, b = two_institutions[0], two_institutions[1]
    theirs = Questionnaire.objects.create(
        institution=b, name="De Beta", questions=[("rating", {"prompt": "Útil"})]
    )
    shared = factories.questionnaire()
    client.force_login(factories.member(a, Role.INSTITUTION_ADMIN))
    listing = client.get("/admin/quality/questionnaires/").text
    assert shared.name in listing and theirs.name not in listing
    assert client.get(f"/admin/quality/questionnaires/edit/{theirs.pk}/").status_code == 404
    assert client.get(f"/admin/quality/questionnaires/edit/{shared.pk}/").status_code == 404


def test_a_framework_change_is_published_only_by_its_authoritys_review(client, setting):
    """Evaluators hold no publish permission: an edit waits for the review of the framework's
    own authority, whose approval publishes it; another authority's evaluator can neither
    open, approve nor choose it. Rounds keep the version they opened with either way."""
    from wagtail.permissions import policy_registry

    from assessment.models import IndicatorFramework

    evaluation, evaluator, _busy, _quiet = setting
    colleague = factories.member(evaluation.authority, Role.EVALUATOR)
    _elsewhere, stranger = factories.authority(factories.region("Yunnan"))
    framework = evaluation.framework
    policy = policy_registry.get_by_type(IndicatorFramework)
    assert not policy.user_has_permission(evaluator, "publish")

    version = framework.live_revision
    framework.name = "Marco revisado"
    framework.save_revision(user=evaluator)
    state = framework.get_workflow().start(framework, evaluator)
    framework.refresh_from_db()
    assert framework.name == "Marco de calidad" and framework.has_unpublished_changes
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(framework, stranger) == []
    assert task.get_actions(framework, evaluator) == []  # not their own submission
    assert not task.get_task_states_user_can_moderate(evaluator).exists()
    assert not task.get_task_states_user_can_moderate(stranger).exists()
    client.force_login(stranger)
    base = "/admin/snippets/assessment/indicatorframework"
    assert client.get(f"{base}/edit/{framework.pk}/").status_code == 404
    approve = f"{base}/workflow/action/{framework.pk}/approve/{task_state.pk}/"
    assert client.post(approve).status_code == 404
    assert framework.name not in client.get("/admin/quality/rounds/new/").text

    assert task.get_task_states_user_can_moderate(colleague).get() == task_state
    client.force_login(colleague)
    assert client.post(approve).status_code in (200, 302)
    framework.refresh_from_db()
    assert framework.name == "Marco revisado" and framework.live_revision != version
    evaluation.refresh_from_db()
    assert evaluation.framework_revision == version
    assert evaluation.definition()["name"] == "Marco de calidad"


def test_a_framework_translation_is_published_only_by_its_authoritys_review(client, setting):
    """An evaluator translates the framework in wagtail-localize's editor and submits it for
    review, as an author does a course: readers keep the words they see, a published translation
    stays online, until another evaluator of the authority approves."""
    evaluation, evaluator, _busy, _quiet = setting
    colleague = factories.member(evaluation.authority, Role.EVALUATOR)
    framework = evaluation.framework
    chinese = Locale.objects.get(language_code="zh-hans")
    client.force_login(factories.in_english(evaluator))
    submit = f"/admin/localize/submit/snippet/assessment/indicatorframework/{framework.pk}/"
    assert client.post(submit, {"locales": [chinese.pk]}).status_code == 302
    translation = Translation.objects.get(
        source__object_id=framework.translation_key, target_locale=chinese
    )
    for segment in translation.source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=chinese,
            context_id=segment.context_id,
            data="译：" + segment.string.data,
        )

    def read_in_chinese():
        with translation_override("zh-hans"):
            return framework.localized.name

    review = f"/admin/localize/translate/{translation.pk}/review/"
    sent = client.post(review, follow=True)
    assert "is waiting for review" in visible_text(sent.text)
    assert read_in_chinese() == framework.name  # not yet reviewed: the source
    chinese_framework = framework.get_translation(chinese)
    task_state = chinese_framework.current_workflow_task_state
    assert task_state.task.specific.get_actions(chinese_framework, evaluator) == []

    client.force_login(colleague)
    base = "/admin/snippets/assessment/indicatorframework"
    approve = f"{base}/workflow/action/{chinese_framework.pk}/approve/{task_state.pk}/"
    assert client.post(approve).status_code in (200, 302)
    assert read_in_chinese() == "译：" + framework.name

    # A correction waits for review too, while readers keep the published translation.
    StringTranslation.objects.filter(locale=chinese, data="译：" + framework.name).update(
        data="修订：" + framework.name
    )
    client.force_login(evaluator)
    client.post(review)
    chinese_framework.refresh_from_db()
    assert chinese_framework.live and chinese_framework.workflow_in_progress
    assert read_in_chinese() == "译：" + framework.name


def test_a_computation_under_way_is_started_again_only_once_it_has_stalled(
    client, setting, evaluator
):
    """While the worker reports progress, the workspace shows it and offers nothing to start
    again (a second click queues nothing); after ten minutes of silence it offers to."""
    evaluation = setting[0]
    workspace = f"/admin/quality/rounds/inspect/{evaluation.pk}/"
    reported = timezone.now() - timedelta(minutes=2)
    EvaluationRound.objects.filter(pk=evaluation.pk).update(progress=40, progress_at=reported)
    page = client.get(workspace).text
    assert "<progress" in page and 'value="compute"' not in page
    client.post(_url(evaluation, "act/"), {"action": "compute"})
    evaluation.refresh_from_db()
    assert (evaluation.progress, evaluation.progress_at) == (40, reported)

    EvaluationRound.objects.filter(pk=evaluation.pk).update(
        progress_at=timezone.now() - timedelta(minutes=11)
    )
    page = client.get(workspace).text
    assert 'value="compute"' in page and "Start the computation again" in page
    client.post(_url(evaluation, "act/"), {"action": "compute"})
    evaluation.refresh_from_db()
    assert evaluation.progress == 0 and evaluation.progress_at > reported


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_worker_computes_a_queued_round_and_the_workspace_shows_progress(
    client, settings, setting, evaluator
):
    from django.core.management import call_command

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    evaluation = setting[0]
    client.post(_url(evaluation, "act/"), {"action": "compute"})
    status = client.get(_url(evaluation, "status/")).json()
    assert (status["ready"], status["progress"]) == (False, 0)
    workspace = client.get(f"/admin/quality/rounds/inspect/{evaluation.pk}/").text
    assert "<progress" in workspace and "js/progress" in workspace

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    evaluation.refresh_from_db()
    assert evaluation.computed_at is not None and evaluation.progress is None
    assert client.get(_url(evaluation, "status/")).json()["ready"]
    assert IndicatorValue.objects.filter(round=evaluation, code="A1").count() == 2


def test_evidence_opens_only_for_the_rounds_evaluators_and_the_institutions_admins(client, setting):
    evaluation, evaluator, busy, _quiet = setting
    document = PraxisDocument.objects.create(
        title="Licencia",
        file=SimpleUploadedFile("licencia.pdf", b"%PDF-1.4 licencia"),
        collection=evaluation.authority.collection,
    )
    rounds.enter_value(evaluation, busy, "A2", "1", evidence=[document], by=evaluator)
    url = f"/documents/{document.pk}/licencia.pdf"
    assert client.get(url).status_code == 404
    client.force_login(factories.member(factories.institution(), Role.INSTITUTION_ADMIN))
    assert client.get(url).status_code == 404
    for person in (evaluator, factories.member(busy, Role.INSTITUTION_ADMIN)):
        client.force_login(person)
        assert client.get(url).status_code == 200


def test_the_evaluators_dashboard_lists_the_open_rounds_and_what_they_still_need(
    client, setting, evaluator
):
    evaluation, *_rest = setting
    home = BeautifulSoup(client.get("/admin/").text, "html.parser").get_text(" ")
    missing = len(rounds.missing_manual(evaluation))
    assert "Open evaluation rounds (1)" in " ".join(home.split())
    assert (f"{missing} value" if missing else "Every value entered") in home
    assert not RAW.findall(home)
    evaluation.status = EvaluationRound.Status.FINALISED
    evaluation.save()
    assert "No round is open." in client.get("/admin/").text


def test_a_questionnaire_is_translated_only_by_its_institutions_administrators(
    client, two_institutions
):
    """wagtail-localize checks a snippet's type only: the scope is checked at its addresses, for
    the translation and for each view of a translation."""
    a, b = two_institutions[0], two_institutions[1]
    ours, theirs = (
        Questionnaire.objects.create(
            institution=institution, name=name, questions=[("rating", {"prompt": "Útil"})]
        )
        for institution, name in ((a, "De Alfa"), (b, "De Beta"))
    )
    translate(theirs, "zh-hans", {"Útil": "有用"})
    chinese = Locale.objects.get(language_code="zh-hans")
    client.force_login(factories.member(a, Role.INSTITUTION_ADMIN))
    submit = "/admin/localize/submit/snippet/courses/questionnaire/{}/"
    assert client.get(submit.format(theirs.pk)).status_code == 404
    assert client.post(submit.format(ours.pk), {"locales": [chinese.pk]}).status_code == 302
    assert ours.get_translation(chinese).name == "De Alfa"  # to be translated in the editor
    po_file = "/admin/localize/translate/{}/pofile/download/"
    their_translation = Translation.objects.get(source__object_id=theirs.translation_key)
    our_translation = Translation.objects.get(source__object_id=ours.translation_key)
    assert client.get(po_file.format(their_translation.pk)).status_code == 404
    assert 'msgid "Útil"' in client.get(po_file.format(our_translation.pk)).text
