"""A small hand-written factory: each function makes one thing, with sensible defaults."""

import itertools

from django.conf import settings
from wagtail.models import Page, Site

from core.models import HomePage, Institution, Membership, Region, Role, User
from core.services import create_institution
from curriculum.models import TeachingMaterial

_seq = itertools.count(1)

PASSWORD = "correct-horse-battery-9"


def home_page():
    """The site's home page in the default language, made once per test database."""
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        home = HomePage(title="Inicio", slug="inicio", intro="Bienvenida")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )
    return home


def region(name=None, level=Region.Level.PROVINCE, parent=None):
    return Region.objects.create(name=name or f"Provincia {next(_seq)}", level=level, parent=parent)


def institution(name=None, kind=Institution.Kind.UNIVERSITY, **fields):
    """A provisioned institution: pages, collection, groups and workflow included."""
    home_page()
    n = next(_seq)
    fields.setdefault("region", region())
    return create_institution(
        name=name or f"Institución {n}",
        slug=fields.pop("slug", f"institucion-{n}"),
        kind=kind,
        **fields,
    )


def user(email=None, password=PASSWORD, **fields):
    return User.objects.create_user(
        email=email or f"persona{next(_seq)}@example.org", password=password, **fields
    )


def member(institution, role=Role.INSTITUTION_ADMIN, person=None):
    person = person or user()
    Membership.objects.create(user=person, institution=institution, role=role)
    return person


def material(institution, title=None, **fields):
    fields.setdefault("kind", TeachingMaterial.Kind.CASE_STUDY)
    fields.setdefault("licence", TeachingMaterial.Licence.CC_BY)
    fields.setdefault("url", "https://materials.example.org/case")
    return TeachingMaterial.objects.create(
        institution=institution, title=title or f"Material {next(_seq)}", **fields
    )
