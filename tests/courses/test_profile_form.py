"""The profile's selects: their empty choice in the reader's language, and their regions and
kinds of employer in reading order, each region under its province."""

import pytest
from django.utils import translation

from core.models import Region
from courses.forms import TraineeProfileForm
from tests import factories

pytestmark = pytest.mark.django_db


def options(form, name):
    return [label for _value, label in form.fields[name].widget.choices]


def test_selects_start_with_a_translated_choice_and_read_in_order(home):
    yunnan = factories.region("Yunnan")
    factories.region("Kunming", level=Region.Level.CITY, parent=yunnan)
    sichuan = factories.region("Ávila")  # an accent sorts as its letter
    factories.region("Chengdu", level=Region.Level.CITY, parent=sichuan)
    for language, empty in (("es", "Elige…"), ("zh-hans", "请选择…"), ("en", "Choose…")):
        with translation.override(language):
            form = TraineeProfileForm()
            regions = options(form, "region")
            assert regions[0] == empty
            assert regions[1:] == ["Ávila", "Ávila › Chengdu", "Yunnan", "Yunnan › Kunming"]
            kinds = options(form, "employer_kind")[1:]
            assert kinds == sorted(kinds, key=lambda label: label.casefold().replace("é", "e"))
