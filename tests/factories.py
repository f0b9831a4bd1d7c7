"""A small hand-written factory: each function makes one thing, with sensible defaults."""

import itertools
import struct
import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, Site

from core.models import HomePage, Institution, Membership, Region, Role, Term, User
from core.seasons import read_term_name
from core.services import alias_in_every_locale, create_institution, default_home_page
from courses.models import CourseOffering, CoursePage, Enrolment, Session, Trainee
from curriculum.models import (
    Competency,
    CompetencyFramework,
    ServiceField,
    TeachingMaterial,
    TrainingTier,
)
from plans.models import CurriculumPlanPage, PlanCourse

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


def in_english(person):
    """The admin speaks to this user in English, the language the messages are written in."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(person)
    profile.preferred_language = "en"
    profile.save()
    return person


def material(institution, title=None, **fields):
    fields.setdefault("kind", TeachingMaterial.Kind.CASE_STUDY)
    fields.setdefault("licence", TeachingMaterial.Licence.CC_BY)
    fields.setdefault("url", "https://materials.example.org/case")
    return TeachingMaterial.objects.create(
        institution=institution, title=title or f"Material {next(_seq)}", **fields
    )


def unit(title="Unidad", theory=4, practice=6, supervision=2, materials=()):
    return (
        "unit",
        {
            "title": title,
            "objectives": ["Conducir una entrevista inicial"],
            "topics": ["Escucha activa", "Ecomapas"],
            "activities": ["Juego de roles"],
            "readings": [],
            "theory_hours": Decimal(theory),
            "practice_hours": Decimal(practice),
            "supervision_hours": Decimal(supervision),
            "materials": list(materials),
        },
    )


def course(institution, code=None, units=2, fields=("mental-health",), **extra):
    """A published course page under the institution's subtree, in the default language."""
    n = next(_seq)
    page = CoursePage(
        title=extra.pop("title", f"Curso {n}"),
        code=code or f"TS-{n}",
        summary=extra.pop("summary", "Un curso de prueba."),
        tier=TrainingTier.objects.get(code="formal-education"),
        units=[unit(f"Unidad {i + 1}") for i in range(units)],
        assessment=[("component", {"name": "Examen", "method": "exam", "weight": 100})],
        **extra,
    )
    institution.root_page.add_child(instance=page)
    page.service_fields.set(ServiceField.objects.filter(code__in=fields))
    page.save_revision().publish()
    alias_in_every_locale(page)  # as the editor's page-tree sync does
    page.refresh_from_db()
    return page


def competency_framework():
    """A three-layer framework: values (with ethics), practice and theory."""
    framework = CompetencyFramework.objects.create(code="tres", title="Tres niveles")
    values = Competency.objects.create(framework=framework, code="V", title="Valores")
    Competency.objects.create(framework=framework, parent=values, code="V.1", title="Ética")
    Competency.objects.create(framework=framework, code="P", title="Práctica")
    Competency.objects.create(framework=framework, code="T", title="Teoría")
    return framework


def plan(framework, entries, **fields):
    """A published plan on the home page with these (course, "required"/"elective") entries."""
    page = CurriculumPlanPage(
        title=fields.pop("title", "Plan"),
        slug=f"plan-{next(_seq)}",
        tier=TrainingTier.objects.get(code="grassroots"),
        service_field=ServiceField.objects.get(code="social-assistance"),
        target_trainees="Personal de base",
        objectives="Uno\nDos",
        framework=framework,
        ethics_competency=framework.competencies.get(code="V"),
        **fields,
    )
    page.plan_courses = [PlanCourse(course=course, kind=kind) for course, kind in entries]
    default_home_page().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def term(institution, name="Primavera 2027"):
    """The institution's term of this name ("Otoño 2026"), made with the dates the name says
    the first time it is asked for (a name with more, "Otoño 2027 A", keeps it in every
    language); a Term is returned as it is."""
    if isinstance(name, Term):
        return name
    read = read_term_name(name, date.today())
    if read["name_es"] != name:
        read.update(name_en=name, name_zh_hans=name)
    read.pop("name_es")
    return Term.objects.get_or_create(institution=institution, name_es=name, defaults=read)[0]


def offering(course, capacity=10, status=CourseOffering.Status.OPEN, **fields):
    """An offering of a course, open for enrolment since yesterday and for a month."""
    now = timezone.now()
    fields.setdefault("enrolment_opens_at", now - timedelta(days=1))
    fields.setdefault("enrolment_closes_at", now + timedelta(days=30))
    return CourseOffering.objects.create(
        course=course,
        institution=course.institution,
        code=fields.pop("code", f"{course.code}-{next(_seq)}"),
        term=term(course.institution, fields.pop("term", "Primavera 2027")),
        starts_on=fields.pop("starts_on", date.today() + timedelta(days=40)),
        ends_on=fields.pop("ends_on", date.today() + timedelta(days=80)),
        delivery_mode=course.delivery_mode,
        language="es",
        capacity=capacity,
        status=status,
        **fields,
    )


def trainee(person=None, **fields):
    person = person or user()
    fields.setdefault("family_name", "García")
    fields.setdefault("given_name", f"Lucía {next(_seq)}")
    return Trainee.objects.create(user=person, **fields)


def session(offering, day=0, **fields):
    """A two-hour session of the offering, `day` days after it starts, in a room."""
    starts_at = timezone.make_aware(
        timezone.datetime.combine(
            offering.starts_on + timedelta(days=day), timezone.datetime.min.time()
        )
    ) + timedelta(hours=9)
    fields.setdefault("venue", "Aula 2")
    return Session.objects.create(
        offering=offering, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **fields
    )


def enrolment(offering, trainee_=None, status=Enrolment.Status.ENROLLED):
    """A trainee's place, made directly (the enrolment rules have tests of their own)."""
    return Enrolment.objects.create(
        offering=offering,
        trainee=trainee_ or trainee(),
        status=status,
        enrolled_at=timezone.now() if status == Enrolment.Status.ENROLLED else None,
    )


def faculty_member(institution, employment_type="part-time", hours=40,
                   term_="Primavera 2027", pool=True, **fields):  # fmt: skip
    """A member contracted by the institution for a term, and in one of its pools."""
    from faculty.models import EmploymentTerm, FacultyMember, FacultyPool

    fields.setdefault("family_name", "Docente")
    fields.setdefault("given_name", str(next(_seq)))
    member = FacultyMember.objects.create(**fields)
    EmploymentTerm.objects.create(
        member=member,
        institution=institution,
        term=term(institution, term_),
        employment_type=employment_type,
        contracted_hours=hours,
    )
    if pool:
        FacultyPool.objects.get_or_create(institution=institution, name="Docentes")[0].members.add(
            member
        )
    return member


def practice_base(institution, places=2, term_="Primavera 2027", level="bachelor", **fields):
    """A base of the institution with places for the term and level and a signed agreement
    from a year ago to a year ahead."""
    from placements.models import BaseAgreement, BaseCapacity, PracticeBase

    fields.setdefault("name", f"Centro {next(_seq)}")
    fields.setdefault("kind", PracticeBase.Kind.COMMUNITY)
    fields.setdefault("region", institution.region or region())
    base = PracticeBase.objects.create(institution=institution, **fields)
    if places:
        BaseCapacity.objects.create(
            base=base, term=term(institution, term_), level=level, places=places
        )
    today = date.today()
    BaseAgreement.objects.create(
        base=base,
        starts_on=today - timedelta(days=365),
        ends_on=today + timedelta(days=365),
        status=BaseAgreement.Status.SIGNED,
        signed_on=today - timedelta(days=365),
    )
    return base


def programme(institution, level="bachelor", required_hours=70, **fields):
    """A programme rated on the three-layer framework with four rubric levels, and 60
    minutes of supervision for every 35 placement hours."""
    from placements.models import PlacementProgramme, RubricLevel

    framework = CompetencyFramework.objects.filter(code="tres").first() or competency_framework()
    fields.setdefault("name", f"Prácticas {next(_seq)}")
    made = PlacementProgramme.objects.create(
        institution=institution,
        level=level,
        required_hours=required_hours,
        framework=framework,
        **fields,
    )
    for score, name in enumerate(["Inicial", "En desarrollo", "Competente", "Ejemplar"], 1):
        RubricLevel.objects.create(programme=made, score=score, name=name, descriptor=name)
    return made


def placement(programme_, base, trainee_=None, status="in-progress", **fields):
    """A placement of the programme at the base, from four weeks ago to four weeks ahead,
    with both mentors from the institution's faculty and, past proposal, a signed agreement."""
    from placements.models import LearningObjective, Placement

    institution = programme_.institution
    today = date.today()
    signed = timezone.now() if status in ("in-progress", "completed") else None
    fields.setdefault("academic_supervisor", faculty_member(institution, "full-time", user=user()))
    fields.setdefault(
        "agency_supervisor", faculty_member(institution, "practitioner", employer=base.name)
    )
    made = Placement.objects.create(
        institution=institution,
        programme=programme_,
        base=base,
        trainee=trainee_ or trainee(),
        term=term(institution, fields.pop("term", "Primavera 2027")),
        starts_on=fields.pop("starts_on", today - timedelta(days=28)),
        ends_on=fields.pop("ends_on", today + timedelta(days=28)),
        required_hours=programme_.required_hours,
        status=status,
        trainee_signed_at=signed,
        academic_signed_at=signed,
        agency_signed_at=signed,
        **fields,
    )
    objective = LearningObjective.objects.create(placement=made, text="Acompañar casos")
    objective.competencies.set(programme_.framework.competencies.filter(parent=None)[:2])
    objective.save()  # a cluster's relation is written when its object is saved
    return made


def indicator(code, source, weight, **fields):
    """An indicator as its block's raw data: linear from 0 to 100 unless told otherwise."""
    return {
        "code": code,
        "name": fields.pop("name", f"Indicador {code}"),
        "description": "",
        "tag": fields.pop("tag", "kirkpatrick-2"),
        "weight": str(weight),
        "source": source,
        "direction": fields.pop("direction", "higher"),
        "method": fields.pop("method", "linear"),
        "floor": str(fields.pop("floor", 0)),
        "target": str(fields.pop("target", 100)),
        "bands": fields.pop("bands", []),
        "minimum": fields.pop("minimum", None),
        "maximum": fields.pop("maximum", None),
    }


def indicator_framework(dimensions=None, name="Marco de calidad", authority=None, min_coverage=60):
    """A published framework: by default A (40 points: completion rate, and a manual yes/no)
    and B (60 points: pass rate by bands, trainees per supervisor where fewer is better).
    It rates from 60 % coverage: data without placements leaves B2 out, 70 % of the points."""
    from assessment.models import IndicatorFramework

    dimensions = dimensions or [
        ("A", 40, [
            indicator("A1", "completion_rate", 60, floor=50, target=90),
            indicator("A2", "manual", 40, method="threshold", target=1, minimum=0, maximum=1),
        ]),
        ("B", 60, [
            indicator("B1", "pass_rate", 50, method="bands", target=80,
                      bands=[{"bound": "60", "share": 50}, {"bound": "80", "share": 100}]),
            indicator("B2", "trainees_per_supervisor", 50, direction="lower", floor=20, target=5),
        ]),
    ]  # fmt: skip
    framework = IndicatorFramework(
        authority=authority,
        name=name,
        dimensions=[
            (
                "dimension",
                {
                    "code": code,
                    "name": f"Dimensión {code}",
                    "points": str(points),
                    "indicators": indicators,
                },
            )
            for code, points, indicators in dimensions
        ],
        ratings=[
            ("rating", {"label": "Excelente", "minimum": "90"}),
            ("rating", {"label": "Bueno", "minimum": "75"}),
            ("rating", {"label": "Suficiente", "minimum": "60"}),
            ("rating", {"label": "Insuficiente", "minimum": "0"}),
        ],
        min_coverage=min_coverage,
    )
    framework.save()
    framework.save_revision().publish()
    framework.refresh_from_db()
    return framework


def authority(region_):
    """A supervising authority overseeing the region, with an evaluator; returns both."""
    made = institution(kind=Institution.Kind.GOVERNMENT_DEPARTMENT, oversight_region=region_)
    return made, member(made, Role.EVALUATOR)


def questionnaire(**fields):
    """A course evaluation, shared unless an institution is given: two ratings and a comment."""
    from courses.models import Questionnaire

    fields.setdefault("name", "Satisfacción")
    return Questionnaire.objects.create(
        **fields,
        questions=[
            ("rating", {"prompt": "El curso fue útil"}),
            ("rating", {"prompt": "El docente explicó bien"}),
            ("comment", {"prompt": "¿Qué mejorarías?"}),
        ],
    )


def finished_offering(course, results, survey=None):
    """A finished offering of 2026 with enrolments ended as (status, final score)."""
    made = offering(
        course,
        status=CourseOffering.Status.FINISHED,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 6, 30),
        questionnaire=survey,
    )
    places = []
    for status, score in results:
        place = enrolment(made, status=status)
        Enrolment.objects.filter(pk=place.pk).update(final_score=score)
        place.refresh_from_db()
        places.append(place)
    return made, places


def png(width, height):
    """A valid black-and-white PNG of that size: all zeros, so it compresses to almost nothing."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\0" * (1 + (width + 7) // 8)  # a filter byte, then one bit per pixel
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )
