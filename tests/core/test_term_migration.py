"""A database from before terms had dates migrates with every free-text term turned into its
institution's term: one term per institution and name, named in three languages and dated
from the season and year its name says, and reversing gives the names back."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import Term
from courses.models import CourseOffering
from faculty.models import EmploymentTerm
from placements.models import BaseCapacity, Placement
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Each app's last migration while terms were free text.
BEFORE = [
    ("courses", "0013_trainees_own_records"),
    ("faculty", "0001_initial"),
    ("placements", "0002_supervisor_link_token"),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def test_free_text_terms_become_each_institutions_dated_terms(two_institutions):
    a, b = two_institutions[:2]
    offering = factories.offering(factories.course(a), term="Otoño 2026")
    theirs = factories.offering(factories.course(b), term="Otoño 2026")
    member = factories.faculty_member(a, term_="Otoño 2026")
    placement = factories.placement(factories.programme(a), factories.practice_base(a))

    old = migrate(BEFORE)
    assert old.get_model("courses", "CourseOffering").objects.get(pk=offering.pk).term == (
        "Otoño 2026"
    )  # reversing wrote the names back
    old.get_model("faculty", "EmploymentTerm").objects.filter(member=member.pk).update(
        term="2026秋季"
    )
    old.get_model("placements", "BaseCapacity").objects.update(term="Spring 2027")
    old.get_model("placements", "Placement").objects.update(term="Curso 2025")
    with connection.cursor() as cursor:  # as there were none before (raw: no later schema)
        cursor.execute("DELETE FROM core_term")

    migrate()
    autumn = Term.objects.get(institution=a, name_es="Otoño 2026")
    assert (autumn.name_en, autumn.name_zh_hans) == ("Autumn 2026", "2026年秋季学期")
    assert (autumn.starts_on, autumn.ends_on) == (date(2026, 9, 1), date(2027, 1, 31))
    assert CourseOffering.objects.get(pk=offering.pk).term == autumn
    assert EmploymentTerm.objects.get(member=member).term == autumn  # the Chinese name, too
    assert CourseOffering.objects.get(pk=theirs.pk).term.institution == b  # B's own term
    spring = BaseCapacity.objects.get().term
    assert (spring.institution, spring.name_es, spring.starts_on) == (
        a,
        "Primavera 2027",
        date(2027, 2, 1),
    )
    year = Placement.objects.get(pk=placement.pk).term
    assert (year.name_es, year.name_en, year.starts_on, year.ends_on) == (
        "Curso 2025",
        "Curso 2025",
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert list(Term.objects.filter(institution=a).values_list("name_es", flat=True)) == [
        "Curso 2025",
        "Otoño 2026",
        "Primavera 2027",
    ]  # in the order they happen
