"""The learning site's selects: a translated empty choice, then options in the order the reader
reads them (regions under their province), and what "My data" calls each kind of record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import privacy
from core.forms import reading_order
from core.models import Region
from courses.forms import JoiningProfileForm, TraineeProfileForm
from curriculum.models import EmployerKind, ProfessionalLevel
from tests import factories

pytestmark = pytest.mark.django_db

SELECTS = ("employer_kind", "region", "professional_level")
SORTED = ("employer_kind", "region")  # professional levels keep their rank


def labels(form, name):
    return [str(label) for value, label in form.fields[name].choices]


@pytest.fixture
def regions():
    zeta = factories.region("Zaragoza")
    avila = factories.region("Ávila")
    factories.region("Ávila ciudad", Region.Level.CITY, avila)
    factories.region("Calatayud", Region.Level.CITY, zeta)
    return [avila, zeta]


def test_the_reading_order_sets_case_and_accents_aside():
    assert sorted(["Zaragoza", "ávila", "Burgos", "Álava"], key=reading_order) == [
        "Álava",
        "ávila",
        "Burgos",
        "Zaragoza",
    ]


@pytest.mark.parametrize("language", ["es", "zh-hans", "en"])
@pytest.mark.parametrize(
    "make_form",
    [TraineeProfileForm, lambda: JoiningProfileForm(user=None)],
    ids=["profile", "join"],
)
def test_every_select_starts_with_a_translated_choice_then_the_options_in_reading_order(
    regions, language, make_form
):
    with translation.override(language):
        form = make_form()
        empty = str(translation.gettext("Choose…"))
        for name in SELECTS:
            choices = labels(form, name)
            assert choices[0] == empty and "---------" not in choices
        for name in SORTED:
            choices = labels(form, name)[1:]
            assert choices == sorted(choices, key=reading_order)
        rendered = str(form["employer_kind"])
    assert f'<option value="" selected>{empty}</option>' in rendered


def test_options_are_named_in_the_readers_language():
    with translation.override("en"):
        english = labels(TraineeProfileForm(), "employer_kind")[1:]
    with translation.override("zh-hans"):
        chinese = labels(TraineeProfileForm(), "employer_kind")[1:]
    assert set(english) == {kind.name_en for kind in EmployerKind.objects.all()}
    assert set(chinese) == {kind.name_zh_hans for kind in EmployerKind.objects.all()}
    assert ProfessionalLevel.objects.exists()


def test_a_city_reads_under_its_province_in_a_fixed_number_of_queries(regions):
    with CaptureQueriesContext(connection) as queries:
        choices = labels(TraineeProfileForm(), "region")[1:]
    assert choices == ["Ávila", "Ávila › Ávila ciudad", "Zaragoza", "Zaragoza › Calatayud"]
    factories.region("Daroca", Region.Level.CITY, regions[1])
    factories.region("Arévalo", Region.Level.CITY, regions[0])
    with CaptureQueriesContext(connection) as more:
        assert len(labels(TraineeProfileForm(), "region")) == 7
    assert len(more) == len(queries)  # whatever the number of regions


def test_the_profile_page_in_english_offers_choose_not_dashes(client):
    person = factories.user()
    client.force_login(person)
    page = client.get("/en/learn/profile/").content.decode()
    assert page.count('<option value="" selected>Choose…</option>') == len(SELECTS)
    assert "---------" not in page


@pytest.mark.parametrize("language", ["es", "zh-hans", "en"])
def test_my_data_names_each_kind_of_record_once_for_the_person(language):
    with translation.override(language):
        kinds = [
            str(holder.label or holder.model._meta.verbose_name_plural)
            for holder in privacy.HOLDERS.values()
        ]
        assert len(set(kinds)) == len(kinds)
        unit_progress = privacy.HOLDERS["courses.UnitProgress"].label
    assert str(unit_progress) != "unit progresss"
