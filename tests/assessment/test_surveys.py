"""Course evaluations: answered once and anonymously; aggregates only from five answers."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.demo import translate
from courses import surveys
from courses.models import CourseOffering, SurveyReceipt, SurveyResponse
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def running(two_institutions):
    course = factories.course(two_institutions[0])
    offering = factories.offering(
        course, status=CourseOffering.Status.RUNNING, questionnaire=factories.questionnaire()
    )
    return offering, [factories.enrolment(offering) for _ in range(6)]


def _answers(offering, useful, clear, comment=""):
    (useful_id, _u), (clear_id, _c) = offering.questionnaire.rating_questions()
    ((comment_id, _q),) = offering.questionnaire.comment_questions()
    return {useful_id: str(useful), clear_id: str(clear), comment_id: comment}


def test_a_trainee_answers_once_and_the_answer_keeps_no_trace_of_them(running):
    offering, places = running
    assert surveys.can_answer(places[0])
    surveys.submit_answers(places[0], _answers(offering, 5, 4, "Más casos prácticos"))
    assert not surveys.can_answer(places[0])
    with pytest.raises(surveys.SurveyError, match="already answered"):
        surveys.submit_answers(places[0], _answers(offering, 1, 1))
    response = SurveyResponse.objects.get()
    assert response.satisfaction == Decimal("4.50")
    fields = {field.name for field in SurveyResponse._meta.get_fields()}
    assert fields == {"id", "offering", "answers", "satisfaction"}
    assert SurveyReceipt.objects.get().enrolment == places[0]


def test_every_rating_must_be_answered_within_the_scale(running):
    offering, places = running
    with pytest.raises(surveys.SurveyError, match="Rate “El curso fue útil” from 1 to 5"):
        surveys.submit_answers(places[0], _answers(offering, 6, 3))
    with pytest.raises(surveys.SurveyError, match="under 2000 characters"):
        surveys.submit_answers(places[0], _answers(offering, 3, 3, "x" * 2001))
    assert not SurveyResponse.objects.exists() and not SurveyReceipt.objects.exists()


def test_aggregates_appear_only_from_five_answers(running):
    offering, places = running
    for place, (useful, clear) in zip(places[:4], [(5, 4), (4, 4), (3, 2), (5, 5)], strict=True):
        surveys.submit_answers(place, _answers(offering, useful, clear, f"Nota {useful}{clear}"))
    early = surveys.summary(offering)
    assert (early.shown, early.still_needed, early.ratings, early.comments) == (False, 1, [], [])
    assert round(early.response_rate) == 67  # 4 of 6
    surveys.submit_answers(places[4], _answers(offering, 1, 3))
    shown = surveys.summary(offering)
    useful, clear = shown.ratings
    assert (useful.answers, useful.mean, useful.counts) == (5, Decimal("3.60"), [1, 0, 1, 1, 2])
    assert clear.mean == Decimal("3.60")
    assert shown.comments == [("¿Qué mejorarías?", ["Nota 32", "Nota 44", "Nota 54", "Nota 55"])]


def test_trainees_not_taking_part_cannot_answer(running):
    offering, places = running
    withdrawn = factories.enrolment(offering, status="withdrawn")
    with pytest.raises(surveys.SurveyError, match="opens to enrolled trainees"):
        surveys.submit_answers(withdrawn, _answers(offering, 3, 3))
    CourseOffering.objects.filter(pk=offering.pk).update(status=CourseOffering.Status.OPEN)
    places[0].offering.refresh_from_db()
    assert not surveys.can_answer(places[0])


def test_trainees_answer_on_the_offering_page_and_staff_see_only_aggregates(
    client, running, two_institutions
):
    offering, places = running
    page = f"/en/learn/offerings/{offering.pk}/"
    answer = f"/en/learn/offerings/{offering.pk}/evaluation/"
    client.force_login(places[0].trainee.user)
    form = client.get(page).text
    assert "El curso fue útil" in form and "Strongly agree" in form
    client.post(answer, _answers(offering, 5, 4, "Muy útil"))
    assert "your answers are recorded, without your name" in client.get(page).text
    again = client.post(answer, _answers(offering, 1, 1), follow=True)
    assert "already answered" in again.text and SurveyResponse.objects.count() == 1
    stranger = factories.enrolment(factories.offering(factories.course(two_institutions[1])))
    client.force_login(stranger.trainee.user)
    assert client.post(answer, _answers(offering, 3, 3)).status_code == 404
    client.force_login(factories.in_english(two_institutions[2]))
    tab = f"/admin/offerings/{offering.pk}/evaluation/"
    assert "4 more answers are needed" in client.get(tab).text
    for place in places[1:5]:
        surveys.submit_answers(place, _answers(offering, 4, 4, "Bien"))
    shown = client.get(tab).text
    assert "Muy útil" in shown and "5 of 6 trainees answered (83 %)" in shown


def test_a_trainee_reads_and_answers_the_questionnaire_in_their_language(running):
    """A translation (wagtail-localize) keeps the questions' ids: answers given in Chinese
    count with the Spanish ones, and each reader sees the questions in their language."""
    offering, places = running
    translate(
        offering.questionnaire,
        "zh-hans",
        {"El curso fue útil": "课程有用", "El docente explicó bien": "老师讲解清楚"},
    )
    with translation.override("zh-hans"):
        read = offering.questionnaire.localized
        assert [prompt for _id, prompt in read.rating_questions()] == ["课程有用", "老师讲解清楚"]
        with pytest.raises(surveys.SurveyError, match="课程有用"):
            surveys.submit_answers(places[0], _answers(offering, 9, 3))
    for place in places[:5]:
        with translation.override("zh-hans" if place.pk % 2 else "es"):
            surveys.submit_answers(place, _answers(offering, 4, 5))
    with translation.override("zh-hans"):
        useful, clear = surveys.summary(offering).ratings
    assert (useful.prompt, useful.answers, clear.mean) == ("课程有用", 5, Decimal("5.00"))
