"""Whole institutions for the tests that walk every screen as every role: one person in each
role, and one record of every kind the editor shows, each with a recognisable name."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import PraxisDocument, PraxisImage, Role
from tests import factories

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
TEACHING_ROLES = (
    Role.INSTITUTION_ADMIN,
    Role.COURSE_AUTHOR,
    Role.REVIEWER,
    Role.FACULTY,
    Role.PLACEMENT_COORDINATOR,
)


@dataclass
class World:
    """An institution, its people by role, and its records."""

    institution: object
    people: dict = field(default_factory=dict)
    records: list = field(default_factory=list)

    def add(self, record):
        self.records.append(record)
        return record


def teaching_institution(tag, region):
    """An institution of the region whose every record carries `tag` in its name."""
    from courses import certificates
    from courses.models import ContinuingEducationRecord, CourseInterest
    from curriculum.models import InstitutionPolicy
    from placements.allocation import run_allocation
    from placements.models import AllocationRun, BaseAgreement, PlacementApplication

    institution = factories.institution(name=f"Universidad {tag}", region=region)
    world = World(institution)
    for role in TEACHING_ROLES:
        world.people[role] = factories.member(
            institution, role, factories.user(email=f"{role}-{tag.lower()}@example.org")
        )
    world.add(institution)
    world.add(institution.memberships.get(role=Role.COURSE_AUTHOR))
    course = world.add(factories.course(institution, title=f"Curso {tag}", code=f"C-{tag}"))
    offering = world.add(factories.offering(course, code=f"OF-{tag}"))
    world.add(factories.session(offering))
    trainee = world.add(
        factories.trainee(family_name=f"Trainee{tag}", given_name="Ana", id_number=f"ID{tag}77")
    )
    place = world.add(factories.enrolment(offering, trainee))
    world.add(certificates.issue_certificate(place))
    world.add(
        ContinuingEducationRecord.objects.create(
            trainee=trainee,
            institution=institution,
            kind="external",
            title=f"Taller {tag}",
            hours=8,
            completed_on=date.today() - timedelta(days=10),
        )
    )
    world.add(CourseInterest.objects.create(course=course, user=factories.user(), language="es"))
    member = world.add(
        factories.faculty_member(institution, family_name=f"Docente{tag}", user=factories.user())
    )
    world.add(member.pools.get())
    world.add(member.assignments.create(offering=offering, role="lead", hours=10))
    world.add(factories.material(institution, title=f"Material {tag}"))
    world.add(InstitutionPolicy.objects.create(institution=institution, kind="ethics", body="x"))
    world.add(factories.questionnaire(institution=institution, name=f"Satisfacción {tag}"))
    base = world.add(factories.practice_base(institution, name=f"Centro {tag}"))
    world.add(BaseAgreement.objects.filter(base=base).get())
    programme = world.add(factories.programme(institution, name=f"Prácticas {tag}"))
    world.add(factories.placement(programme, base, trainee))
    world.add(
        PlacementApplication.objects.create(
            programme=programme,
            term=world.add(factories.term(institution, f"Otoño 2027 {tag}")),
            trainee=factories.trainee(),
        )
    )
    world.add(
        run_allocation(
            AllocationRun.objects.create(
                institution=institution,
                programme=programme,
                term=factories.term(institution, f"Otoño 2027 {tag}"),
                starts_on=date.today() + timedelta(days=100),
                ends_on=date.today() + timedelta(days=160),
            )
        )
    )
    world.add(
        PraxisImage.objects.create(
            title=f"Foto {tag}",
            file=SimpleUploadedFile(f"foto-{tag}.gif", GIF, content_type="image/gif"),
            collection=institution.collection,
        )
    )
    world.add(
        PraxisDocument.objects.create(
            title=f"Documento {tag}",
            file=SimpleUploadedFile(f"doc-{tag}.txt", b"hola", content_type="text/plain"),
            collection=institution.collection,
        )
    )
    return world


def supervising_authority(tag, region, institutions):
    """The authority overseeing the region, its administrator and evaluator, its framework and a
    round over `institutions`."""
    from assessment import rounds
    from core.models import Institution

    authority = factories.institution(
        name=f"Autoridad {tag}",
        kind=Institution.Kind.GOVERNMENT_DEPARTMENT,
        oversight_region=region,
    )
    world = World(authority)
    for role in (Role.INSTITUTION_ADMIN, Role.EVALUATOR):
        world.people[role] = factories.member(
            authority, role, factories.user(email=f"{role}-authority-{tag.lower()}@example.org")
        )
    world.add(authority)
    framework = world.add(factories.indicator_framework(name=f"Marco {tag}", authority=authority))
    world.add(
        rounds.open_round(
            authority=authority,
            framework=framework,
            name=f"Revisión {tag}",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            institutions=institutions,
            by=world.people[Role.EVALUATOR],
        )
    )
    return world
