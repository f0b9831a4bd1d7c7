"""No odd input gets a server error: every URL pattern with an integer argument called with
2⁷⁰, every upload point given a damaged file of its type, every import given a 200,000-
character cell and an infinite number. Each answers with a 404, a form error or a row error."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from assessment import rounds
from core.models import Role
from tests import factories, worlds

pytestmark = pytest.mark.django_db

HUGE = str(2**70)


def integer_routes(resolver=None, prefix="", has_integer=False):
    """Every URL pattern with an integer argument (its own or its prefix's), as a path with
    2⁷⁰ for each integer and a plain word for the other arguments."""
    for entry in (resolver or get_resolver()).url_patterns:
        route, integers = _filled(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from integer_routes(entry, prefix + route, has_integer or integers)
        elif isinstance(entry, URLPattern) and (has_integer or integers):
            yield prefix + route


def _filled(pattern):
    """The pattern's text with its arguments filled in, and whether one was an integer."""
    route = str(pattern)
    converters = getattr(pattern, "converters", {})
    if route.startswith("^"):  # a regular expression, with no integer argument here
        return re.sub(r"\(.*\)|[\^$\\?*+]", "", route), False
    for name, converter in converters.items():
        value = HUGE if isinstance(converter, IntConverter) else "x"
        route = re.sub(rf"<(\w+:)?{name}>", value, route)
    return route, any(isinstance(c, IntConverter) for c in converters.values())


def test_every_integer_argument_beyond_the_databases_integers_is_a_404(client, home):
    trainee = factories.trainee(consents_to_data_use=True)
    people = [
        None,
        trainee.user,
        factories.member(factories.institution(), Role.INSTITUTION_ADMIN),
        factories.user(email="root@example.org", is_superuser=True),
    ]
    routes = sorted(set(integer_routes()))
    assert len(routes) > 100
    errors = []
    for person in people:
        client.logout()
        if person is not None:
            client.force_login(person)
        for route in routes:
            for method in (client.get, client.post):
                status = method("/" + route).status_code
                if status >= 500:
                    errors.append(f"{method.__name__.upper()} /{route}: {status}")
    assert not errors


def _damaged_png():
    whole = factories.png(40, 40)
    return whole[:60]


def _damaged_zip():
    return b"PK\x03\x04" + b"\x00" * 40 + b"this is not the rest of an archive"


@pytest.fixture
def place(home):
    region = factories.region("Región Alfa")
    teaching = worlds.teaching_institution("Alfa", region)
    authority = worlds.supervising_authority("Alfa", region, [teaching.institution])
    return teaching, authority


def test_every_upload_point_refuses_a_damaged_file_with_a_message(client, place):
    teaching, authority = place
    institution = teaching.institution
    offering = next(r for r in teaching.records if r._meta.model_name == "courseoffering")
    trainee = next(r for r in teaching.records if r._meta.model_name == "trainee")
    evaluation = next(r for r in authority.records if r._meta.model_name == "evaluationround")
    png = ("damaged.png", _damaged_png(), "image/png")
    pdf = ("damaged.pdf", b"%PDF-1.7\n\x00\xff garbage", "application/pdf")
    docx = ("damaged.docx", _damaged_zip(), "application/octet-stream")
    xlsx = ("damaged.xlsx", _damaged_zip(), "application/octet-stream")

    def upload(name, data, kind):
        return SimpleUploadedFile(name, data, content_type=kind)

    admin = teaching.people[Role.INSTITUTION_ADMIN]
    points = [
        (admin, "/admin/images/add/", "file", png, {"title": "x"}),
        (admin, "/admin/images/multiple/add/", "files[]", png, {}),
        (admin, "/admin/documents/add/", "file", docx, {"title": "x"}),
        (admin, "/admin/documents/multiple/add/", "files[]", docx, {}),
        (admin, "/admin/account/", "avatar-avatar", png, {}),
        (
            admin,
            "/admin/continuing-education/new/",
            "evidence",
            docx,
            {
                "trainee": trainee.pk,
                "institution": institution.pk,
                "kind": "external",
                "title": "Taller",
                "hours": "4",
                "completed_on": date.today().isoformat(),
            },
        ),
        (admin, f"/admin/offerings/{offering.pk}/import/", "file", xlsx, {}),
        (
            teaching.people[Role.PLACEMENT_COORDINATOR],
            "/admin/faculty-members/import/",
            "file",
            xlsx,
            {"institution": institution.pk},
        ),
        (
            authority.people[Role.EVALUATOR],
            f"/admin/quality/rounds/{evaluation.pk}/institutions/{institution.pk}/",
            "evidence-A2",
            (*pdf[:1], b"not a pdf at all", *pdf[2:]),
            {"value-A2": "1"},
        ),
    ]
    for person, url, field, (name, data, kind), fields in points:
        client.force_login(person)
        response = client.post(url, {**fields, field: upload(name, data, kind)})
        assert response.status_code in (200, 400), f"{url}: {response.status_code}"
        body = response.content.decode()
        assert "error" in body.lower(), f"{url} said nothing of the damaged file"
    assert rounds.values_of(evaluation).get(institution.pk, {}).get("A2") is None


ODD_CELLS = {"long": "x" * 200_000, "infinite": "1e309", "also infinite": "inf"}


def _csv(header, row):
    return ("\ufeff" + ",".join(header) + "\n" + ",".join(row) + "\n").encode()


@pytest.mark.parametrize("odd", ODD_CELLS)
def test_every_import_turns_an_odd_cell_into_a_row_error(client, place, odd):
    """A 200,000-character cell is too long for any column (a row error, or the file's error
    where the CSV reader stops at it); an infinite number is refused in a column of numbers
    (hours, years) and is plain text elsewhere (a phone)."""
    teaching, _authority = place
    offering = next(r for r in teaching.records if r._meta.model_name == "courseoffering")
    cell = ODD_CELLS[odd]
    factories.term(teaching.institution, "Otoño 2027")  # the import names an existing term
    imports = [
        (
            teaching.people[Role.INSTITUTION_ADMIN],
            f"/admin/offerings/{offering.pk}/import/",
            {},
            {"email": "ana@example.org", "family_name": "Ruiz", "given_name": "Ana", "phone": cell},
            odd == "long",
        ),
        (
            teaching.people[Role.PLACEMENT_COORDINATOR],
            "/admin/faculty-members/import/",
            {"institution": teaching.institution.pk},
            {
                "family_name": "Ruiz",
                "given_name": "Ana",
                "employment_type": "part-time",
                "term": "Otoño 2027",
                "contracted_hours": cell,
                "years_of_practice": cell,
            },
            True,
        ),
    ]
    for person, url, fields, row, refused in imports:
        client.force_login(person)
        data = io.BytesIO(_csv(row.keys(), row.values()))
        data.name = "odd.csv"
        response = client.post(url, {**fields, "file": data})
        assert response.status_code == 200, url
        preview, form = response.context.get("preview"), response.context["form"]
        errors = [e for row in preview.rows for e in row.errors] if preview else []
        errors += [e for field in form.errors.values() for e in field]
        assert bool(errors) is refused, url
        assert all(len(error) < 300 for error in errors)  # the message does not echo the cell
