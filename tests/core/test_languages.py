"""Which of a record's names a reader sees: an institution's and a region's translated names,
falling back to their own; reference data falling back to the default language."""

import pytest
from django.utils import translation

from core.languages import in_reader_language
from core.models import Region
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_institution_reads_in_the_reader_language_and_falls_back_to_its_own_name():
    institution = factories.institution("Universidad del Suroeste", name_zh_hans="西南大学")
    with translation.override("zh-hans"):
        assert str(institution) == "西南大学"
    with translation.override("en"):
        assert str(institution) == "Universidad del Suroeste"
    assert in_reader_language(institution, language="zh-hans") == "西南大学"


def test_a_region_lineage_reads_in_the_reader_language():
    sichuan = Region.objects.create(name="Sichuan", name_zh_hans="四川省", level="province")
    chengdu = Region.objects.create(
        name="Chengdu", name_zh_hans="成都市", level="city", parent=sichuan
    )
    with translation.override("zh-hans"):
        assert str(chengdu) == "四川省 › 成都市"
    with translation.override("es"):
        assert str(chengdu) == "Sichuan › Chengdu"


def test_a_term_without_a_name_in_the_reader_language_reads_in_spanish():
    term = factories.term(factories.institution(), "Primavera 2027")
    term.name_en = ""
    with translation.override("en"):
        assert term.name == "Primavera 2027"
