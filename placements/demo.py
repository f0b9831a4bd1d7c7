"""The placements' part of the demo: 15 practice bases of the three teaching institutions with
their agreements (one about to expire), a programme in each, 60 placements in every state
with two mentors, their hours, supervision sessions and evaluations, and applications for
next term waiting to be allocated. Dates follow today, so the demo's placement in progress is
always under way. Loaded after the faculty; a second load changes nothing."""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.demo_parts import demo_part
from core.models import Institution, Region, Term, User
from courses.models import Trainee
from curriculum.models import Competency, CompetencyFramework, ServiceField
from faculty.models import EmploymentType, FacultyMember
from placements import allocation
from placements.models import (
    AllocationRun,
    BaseAgreement,
    BaseCapacity,
    EvaluationRating,
    HoursEntry,
    LearningObjective,
    Placement,
    PlacementApplication,
    PlacementEvaluation,
    PlacementPreference,
    PlacementProgramme,
    PracticeBase,
    RubricLevel,
    SupervisionSession,
)

# (institution slug, programme, level, required hours, minutes per `every` hours)
PROGRAMMES = [
    ("universidad-del-suroeste", "Prácticas de grado en trabajo social", "bachelor", 160, 35),
    (
        "colegio-vocacional-kunming",
        "Prácticas del técnico superior en servicios sociales",
        "vocational",
        120,
        40,
    ),
    ("centro-formacion-shenzhen", "Prácticas supervisadas en servicio", "in-service", 80, 20),
]
# (institution slug, name, kind, fields, city name)
BASES = [
    (
        "universidad-del-suroeste",
        "Centro de Servicios Sociales Comunitarios de Yulin",
        "community",
        ["community", "family"],
        "Chengdu",
    ),
    (
        "universidad-del-suroeste",
        "Hospital Popular n.º 3 de Chengdu",
        "hospital",
        ["mental-health"],
        "Chengdu",
    ),
    (
        "universidad-del-suroeste",
        "Escuela Secundaria Experimental de Wuhou",
        "school",
        ["school"],
        "Chengdu",
    ),
    (
        "universidad-del-suroeste",
        "Residencia de Mayores Jinjiang",
        "welfare",
        ["social-welfare", "disability"],
        "Chengdu",
    ),
    (
        "universidad-del-suroeste",
        "Oficina de Asuntos Civiles del Distrito de Wuhou",
        "government",
        ["social-assistance"],
        "Chengdu",
    ),
    (
        "colegio-vocacional-kunming",
        "Centro de Servicios Sociales Chunzhen",
        "agency",
        ["community", "family"],
        "Kunming",
    ),
    (
        "colegio-vocacional-kunming",
        "Centro de Rehabilitación Psicosocial de Wuhua",
        "hospital",
        ["mental-health", "drug-treatment"],
        "Kunming",
    ),
    (
        "colegio-vocacional-kunming",
        "Hogar Infantil de Kunming",
        "welfare",
        ["family", "social-welfare"],
        "Kunming",
    ),
    ("colegio-vocacional-kunming", "Escuela Primaria de Cuihu", "school", ["school"], "Kunming"),
    (
        "colegio-vocacional-kunming",
        "Comité Vecinal de Daguan",
        "community",
        ["community", "emergency"],
        "Kunming",
    ),
    (
        "centro-formacion-shenzhen",
        "Servicio de Asistencia a Empleados de Futian",
        "enterprise",
        ["employee-assistance", "employment"],
        "Shenzhen",
    ),
    (
        "centro-formacion-shenzhen",
        "Centro de Mediación Comunitaria de Futian",
        "agency",
        ["dispute-mediation", "community"],
        "Shenzhen",
    ),
    (
        "centro-formacion-shenzhen",
        "Centro de Servicios Familiares de Lianhua",
        "community",
        ["family"],
        "Shenzhen",
    ),
    (
        "centro-formacion-shenzhen",
        "Oficina de Rectificación Comunitaria de Futian",
        "government",
        ["corrections", "crime-prevention"],
        "Shenzhen",
    ),
    (
        "centro-formacion-shenzhen",
        "Fundación Benéfica Pengcheng",
        "agency",
        ["charity", "social-assistance"],
        "Shenzhen",
    ),
]
# (score, {language: (name, descriptor)}): written in Spanish, translated into Chinese and English
RUBRIC = [
    (
        1,
        {
            "es": (
                "Inicial",
                "Necesita guía constante; reconoce la competencia pero aún no la aplica.",
            ),
            "zh_hans": ("起步", "需要持续指导；能认识到该能力，但尚不能运用。"),
            "en": (
                "Beginning",
                "Needs constant guidance; recognises the competency but does not yet apply it.",
            ),
        },
    ),
    (
        2,
        {
            "es": ("En desarrollo", "La aplica con apoyo en situaciones sencillas."),
            "zh_hans": ("发展中", "在简单情境中能在支持下运用。"),
            "en": ("Developing", "Applies it with support in simple situations."),
        },
    ),
    (
        3,
        {
            "es": (
                "Competente",
                "La aplica por sí mismo en las situaciones habituales de la base.",
            ),
            "zh_hans": ("胜任", "能在基地的常见情境中独立运用。"),
            "en": ("Competent", "Applies it unaided in the base's usual situations."),
        },
    ),
    (
        4,
        {
            "es": ("Destacado", "La aplica en situaciones complejas y orienta a otros."),
            "zh_hans": ("优秀", "能在复杂情境中运用，并能指导他人。"),
            "en": ("Outstanding", "Applies it in complex situations and guides others."),
        },
    ),
]
# How the 60 placements are spread: (status, how many, days from today to the start)
STATES = [
    ("completed", 16, -260),
    ("terminated", 4, -120),
    ("in-progress", 22, -70),
    ("confirmed", 9, 75),
    ("proposed", 9, 75),
]
ACTIVITIES = [
    "Entrevista de acogida y valoración inicial con el equipo.",
    "Visita domiciliaria acompañando a la trabajadora social de la base.",
    "Preparación y registro de un grupo de apoyo.",
    "Reunión de coordinación de casos con el equipo interdisciplinar.",
    "Actividad comunitaria: taller de prevención en el barrio.",
]
OBJECTIVES = [
    "Realizar entrevistas de valoración con supervisión directa.",
    "Diseñar y conducir una sesión de grupo.",
    "Aplicar el código ético ante un dilema real de la base.",
]


@demo_part
@transaction.atomic
def load() -> list[str]:
    created: list[str] = []
    if PracticeBase.objects.exists():
        return created
    rng = random.Random(23)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    framework = CompetencyFramework.objects.get(code="praxis-tres-niveles")
    competencies = list(framework.competencies.filter(parent=None))
    cities = dict(Region.objects.filter(level="city").values_list("name", "pk"))
    programmes: dict[str, PlacementProgramme] = {}
    bases: dict[str, list[PracticeBase]] = {}
    for slug, name, level, hours, every in PROGRAMMES:
        institution = Institution.objects.get(slug=slug)
        programme = PlacementProgramme.objects.create(
            institution=institution,
            name=name,
            level=level,
            required_hours=hours,
            framework=framework,
            supervision_minutes=60,
            supervision_every=every,
            application_term=institution.terms.filter(starts_on__gt=today).first()
            if slug == PROGRAMMES[0][0]
            else None,
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(
                programme=programme,
                score=score,
                name=words["es"][0],
                descriptor=words["es"][1],
                **{f"name_{code}": name for code, (name, _text) in words.items()},
                **{f"descriptor_{code}": text for code, (_name, text) in words.items()},
            )
            for score, words in RUBRIC
        )
        programmes[slug] = programme
        created.append(f"placement programme {name}")
    for number, (slug, name, kind, fields, city) in enumerate(BASES):
        base = PracticeBase.objects.create(
            institution=programmes[slug].institution,
            name=name,
            kind=kind,
            region_id=cities[city],
            address=f"Calle {number + 3}, {city}",
            teaching_base=number % 3 == 0,
            designated_from=today - timedelta(days=900) if number % 3 == 0 else None,
            contact_name="Coordinación de prácticas",
            contact_email=f"practicas{number + 1}@bases.example",
        )
        base.fields.set(ServiceField.objects.filter(code__in=fields))
        base.save()  # a cluster's relation is written when the base is saved
        level = programmes[slug].level
        BaseCapacity.objects.bulk_create(
            BaseCapacity(base=base, term=term, level=level, places=4 + number % 3)
            for term in {_term(base.institution, today, offset) for _s, _n, offset in STATES}
        )
        expiring = number == 4  # due for renewal: the admin home shows it
        BaseAgreement.objects.create(
            base=base,
            status="signed",
            signed_on=today - timedelta(days=700),
            starts_on=today - timedelta(days=700),
            ends_on=today + timedelta(days=40 if expiring else 1000),
        )
        bases.setdefault(slug, []).append(base)
        created.append(f"practice base {name}")
    trainees = list(Trainee.objects.order_by("pk"))
    demo_trainee = Trainee.objects.filter(user__email="estudiante@praxis.example").first()
    others = [t for t in trainees if t != demo_trainee]
    rng.shuffle(others)
    docente = User.objects.filter(email="docente@praxis.example").first()
    slugs = [slug for slug, *_rest in PROGRAMMES]
    for status, count, offset in STATES:
        for number in range(count):
            slug = slugs[number % len(slugs)]
            trainee = demo_trainee if (status == "in-progress" and number == 0) else others.pop()
            placement = _placement(
                programmes[slug],
                bases[slug],
                trainee,
                status,
                offset,
                today,
                rng,
                docente,
                competencies,
            )
            if placement is not None:
                _records(placement, today, rng, competencies)
    created.append("60 placements with hours, supervision and evaluations")
    _applications(programmes[slugs[0]], bases[slugs[0]], others[:24], rng, today)
    created.append("applications for the next term and a proposed allocation")
    return created


def _term(institution: Institution, today: date, offset: int) -> Term:
    """The term of the placements that start `offset` days from today."""
    term = institution.terms.current(today + timedelta(days=offset))
    assert term is not None  # core's part of the demo gave every institution its terms
    return term


def _faculty(institution: Institution, practitioner: bool) -> list[FacultyMember]:
    members = FacultyMember.objects.filter(terms__institution=institution)
    if practitioner:
        return list(members.filter(terms__employment_type=EmploymentType.PRACTITIONER).distinct())
    return list(members.filter(terms__employment_type=EmploymentType.FULL_TIME).distinct())


def _placement(
    programme: PlacementProgramme,
    bases: list[PracticeBase],
    trainee: Trainee | None,
    status: str,
    offset: int,
    today: date,
    rng: random.Random,
    docente: User | None,
    competencies: list[Competency],
) -> Placement | None:
    institution = programme.institution
    academics, agents = _faculty(institution, False), _faculty(institution, True)
    if not academics or not agents:
        return None
    academic = next((m for m in academics if docente and m.user_id == docente.pk), None)
    # The courses' part of the demo made its trainees, each with an account.
    assert trainee is not None and trainee.user is not None
    demo = trainee.user.email == "estudiante@praxis.example"  # docente@ supervises her
    if academic is None or (not demo and rng.random() < 0.6):
        academic = rng.choice(academics)
    starts_on = today + timedelta(days=offset + rng.randrange(0, 5))
    base = rng.choice(bases)
    term = _term(institution, today, offset)
    taken = Placement.objects.filter(base=base, term=term).count()
    if taken >= base.capacities.get(term=term).places:
        base = min(bases, key=lambda b: Placement.objects.filter(base=b).count())
    signed = timezone.now() - timedelta(days=max(-offset - 3, 1))
    past = status in ("completed", "terminated", "in-progress")
    placement = Placement.objects.create(
        institution=institution,
        programme=programme,
        trainee=trainee,
        base=base,
        term=term,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=120),
        required_hours=programme.required_hours,
        academic_supervisor=academic if status != "proposed" or rng.random() < 0.5 else None,
        agency_supervisor=rng.choice(agents) if status != "proposed" else None,
        status=status,
        status_note="Cambio de residencia de la participante." if status == "terminated" else "",
        trainee_signed_at=signed if past else None,
        academic_signed_at=signed if past else None,
        agency_signed_at=signed if past else None,
    )
    if status != "proposed":
        for text in rng.sample(OBJECTIVES, 2):
            objective = LearningObjective.objects.create(placement=placement, text=text)
            objective.competencies.set(rng.sample(competencies, min(2, len(competencies))))
            objective.save()
    return placement


def _records(
    placement: Placement, today: date, rng: random.Random, competencies: list[Competency]
) -> None:
    """Hours, supervision and evaluations for a placement that has begun."""
    if placement.status not in ("completed", "terminated", "in-progress"):
        return
    academic, agency = placement.academic_supervisor, placement.agency_supervisor
    assert academic is not None and agency is not None  # every placement begun has both
    last = min(today, placement.ends_on)
    if placement.status == "terminated":
        last = placement.starts_on + timedelta(days=40)
    entries, day, logged = [], placement.starts_on, Decimal(0)
    this_week = today - timedelta(days=today.weekday())
    while day <= last and logged < placement.required_hours + 8:
        if day.weekday() < 5 and rng.random() < 0.7:
            start = rng.choice([8, 9, 13, 14])
            length = rng.choice([3, 4, 4, 5])
            state = "locked" if placement.status != "in-progress" else "approved"
            if placement.status == "in-progress" and day >= this_week - timedelta(days=7):
                state = "draft" if day >= this_week else "submitted"
            entries.append(
                HoursEntry(
                    placement=placement,
                    date=day,
                    starts_at=time(start),
                    ends_at=time(start + length),
                    hours=Decimal(length),
                    activities=rng.choice(ACTIVITIES),
                    state=state,
                    submitted_at=timezone.now() if state != "draft" else None,
                    decided_by=str(placement.agency_supervisor)
                    if state in ("approved", "locked")
                    else "",
                )
            )
            logged += length
        day += timedelta(days=1)
    HoursEntry.objects.bulk_create(entries)
    # Most meet the supervision rule; a few fall behind, so the report has something to show.
    approved = sum((e.hours for e in entries if e.state in ("approved", "locked")), Decimal(0))
    owed = placement.programme.required_supervision_minutes(approved, 0)
    share = 1.1 if rng.random() < 0.75 else 0.5
    minutes = int(owed * share)
    while minutes > 0:
        session = SupervisionSession.objects.create(
            supervisor=rng.choice([academic, agency]),
            date=placement.starts_on
            + timedelta(days=rng.randrange(0, max((last - placement.starts_on).days, 1))),
            minutes=min(minutes, 90),
            kind=rng.choice(["individual", "group"]),
            topics="Revisión de casos, ética y autocuidado.",
        )
        session.placements.add(placement)
        minutes -= 90
    stages = ["midterm", "final"] if placement.status == "completed" else ["midterm"]
    if placement.status == "terminated":
        stages = []
    levels = list(placement.programme.rubric_levels.all())
    supervisor_user = academic.user
    for stage in stages:
        signed = placement.status == "completed" or (supervisor_user and rng.random() < 0.5)
        evaluation = PlacementEvaluation.objects.create(
            placement=placement,
            stage=stage,
            comments="Buena disposición y trato respetuoso.",
            submitted_at=timezone.now(),
            submitted_by=str(placement.agency_supervisor),
            self_evaluation="He ganado seguridad en las entrevistas.",
            self_submitted_at=timezone.now(),
            signed_off_at=timezone.now() if signed else None,
            signed_off_by=supervisor_user if signed else None,
        )
        EvaluationRating.objects.bulk_create(
            EvaluationRating(
                evaluation=evaluation,
                competency=competency,
                level=levels[min(len(levels) - 1, rng.randrange(1, 4) + (stage == "final"))],
            )
            for competency in competencies
        )


def _applications(
    programme: PlacementProgramme,
    bases: list[PracticeBase],
    trainees: list[Trainee],
    rng: random.Random,
    today: date,
) -> None:
    """Applications for the programme's next term and the allocation proposed from them."""
    fields = list(ServiceField.objects.filter(practicebase__in=bases).distinct())
    for trainee in trainees:
        application = PlacementApplication.objects.create(
            programme=programme, term=programme.application_term, trainee=trainee
        )
        picks = rng.sample(bases, 3)
        PlacementPreference.objects.bulk_create(
            [
                PlacementPreference(application=application, rank=rank, base=base)
                for rank, base in enumerate(picks, start=1)
            ]
            + [PlacementPreference(application=application, rank=4, field=rng.choice(fields))]
        )
    coordinator = User.objects.filter(email="coordinadora@praxis.example").first()
    assert programme.application_term is not None  # the demo's first programme takes them
    run = AllocationRun.objects.create(
        institution=programme.institution,
        programme=programme,
        term=programme.application_term,
        starts_on=today + timedelta(days=80),
        ends_on=today + timedelta(days=200),
        region_scope=AllocationRun.RegionScope.ANYWHERE,
        created_by=coordinator,
    )
    allocation.run_allocation(run)
