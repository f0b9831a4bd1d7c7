"""The faculty's part of the demo: pools in each teaching institution and 44 members — full-
time staff, part-timers and front-line practitioners from social-work agencies, community
centres and hospitals — with their terms, qualifications and the demo offerings' teaching
teams. Loaded after the offerings; a second load changes nothing."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.demo_parts import demo_part
from core.models import Institution, User
from courses.models import CourseOffering
from curriculum.models import ProfessionalLevel, ServiceField
from faculty.models import (
    EmploymentTerm,
    EmploymentType,
    FacultyMember,
    FacultyPool,
    PracticeHours,
    TeachingAssignment,
)

# (institution slug, pool name, field code, purpose)
POOLS = [
    ("universidad-del-suroeste", "Docentes de salud mental", "mental-health",
     "Intervención en crisis, salud mental comunitaria y supervisión clínica."),
    ("universidad-del-suroeste", "Docentes de trabajo social familiar", "family",
     "Familias, infancia y mediación."),
    ("colegio-vocacional-kunming", "Docentes de atención comunitaria", "community",
     "Personas mayores, rehabilitación y asistencia social básica."),
    ("centro-formacion-shenzhen", "Docentes de práctica profesional", "dispute-mediation",
     "Mediación, asistencia a empleados y supervisión de equipos."),
]  # fmt: skip
EMPLOYERS = [
    "Centro de Servicios Sociales Chunzhen, Kunming",
    "Hospital Popular n.º 3 de Chengdu, departamento de trabajo social",
    "Centro comunitario de Yulin, Chengdu",
    "Servicio de Asistencia a Empleados de Futian, Shenzhen",
]
FAMILY = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡"]
GIVEN = ["静", "磊", "敏", "洋", "华", "丽", "强", "燕", "涛", "霞", "斌", "红", "婷", "伟", "娟"]
MIX = (
    [EmploymentType.FULL_TIME] * 4
    + [EmploymentType.PART_TIME] * 3
    + [EmploymentType.PRACTITIONER] * 3
    + [EmploymentType.VISITING]
)
DEGREES = ["doctorate", "master", "master", "bachelor", "bachelor", "diploma"]
MEMBERS_PER_POOL = 11
# Contracts run for the institution's terms within this many days of today.
CONTRACTED_WITHIN = timedelta(days=365)


@demo_part
@transaction.atomic
def load() -> list[str]:
    created: list[str] = []
    if FacultyMember.objects.exists():
        return created
    rng = random.Random(11)  # noqa: S311 - demo data, not secrets
    levels = list(ProfessionalLevel.objects.order_by("sort_order"))
    docente = User.objects.filter(email="docente@praxis.example").first()
    today = timezone.localdate()
    for slug, name, field, purpose in POOLS:
        institution = Institution.objects.get(slug=slug)
        terms = list(
            institution.terms.filter(
                ends_on__gte=today - CONTRACTED_WITHIN, starts_on__lte=today + CONTRACTED_WITHIN
            )
        )
        pool = FacultyPool.objects.create(
            institution=institution,
            name=name,
            field=ServiceField.objects.filter(code=field).first(),
            purpose=purpose,
        )
        for number in range(MEMBERS_PER_POOL):
            kind = MIX[number % len(MIX)]
            practitioner = kind == EmploymentType.PRACTITIONER
            member = FacultyMember.objects.create(
                user=docente
                if number == 0 and slug == POOLS[0][0] and name == POOLS[0][1]
                else None,
                family_name=rng.choice(FAMILY),
                given_name=rng.choice(GIVEN),
                employer=rng.choice(EMPLOYERS) if practitioner else institution.name,
                highest_degree=rng.choice(DEGREES),
                professional_level=rng.choice(levels),
                certificate_number=f"SW{rng.randrange(10**7, 10**8)}",
                years_of_practice=rng.randrange(8, 25) if practitioner else rng.randrange(0, 10),
                teaching_languages="zh-hans, es" if number % 4 == 0 else "zh-hans",
                bio="Trabaja con familias y comunidades desde hace más de diez años."
                if number % 2 == 0
                else "",
                public_profile=number % 2 == 0,
            )
            member.fields.set(ServiceField.objects.filter(code=field))
            member.save()  # a cluster's relation is written when the member is saved
            for term in terms:
                # Part-timers of the first term became full-time later: each term keeps its type.
                later = term != terms[0] and kind == EmploymentType.PART_TIME and number == 4
                EmploymentTerm.objects.create(
                    member=member,
                    institution=institution,
                    term=term,
                    employment_type=EmploymentType.FULL_TIME if later else kind,
                    contracted_hours=Decimal(
                        {"full-time": 240, "part-time": 96, "practitioner": 48, "visiting": 24}[
                            EmploymentType.FULL_TIME if later else kind
                        ]
                    ),
                )
            PracticeHours.objects.create(
                member=member, year=2025, hours=Decimal(rng.randrange(40, 400))
            )
            pool.members.add(member)
        created.append(f"faculty pool {name} with {MEMBERS_PER_POOL} members")
    for offering in CourseOffering.objects.exclude(status=CourseOffering.Status.CANCELLED):
        members = list(
            FacultyMember.objects.filter(
                pools__institution=offering.institution, terms__term=offering.term
            ).distinct()
        )
        if not members:
            continue
        rng.shuffle(members)
        # The demo teacher leads what runs now, so their dashboard has sessions and grades.
        teaching_now = offering.status in (
            CourseOffering.Status.RUNNING,
            CourseOffering.Status.OPEN,
        )
        mine = next((m for m in members if docente and m.user_id == docente.pk), None)
        if mine is not None and teaching_now:
            members.remove(mine)
            members.insert(0, mine)
        lead, guest = members[0], members[-1]
        TeachingAssignment.objects.create(member=lead, offering=offering, role="lead", hours=24)
        TeachingAssignment.objects.create(member=guest, offering=offering, role="guest", hours=4)
        if len(members) > 2:  # the practice units are supervised
            TeachingAssignment.objects.create(
                member=members[1], offering=offering, role="supervisor", hours=8
            )
        created.append(f"teaching team of {offering.code}")
    return created
