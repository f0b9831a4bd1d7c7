"""The offerings' part of the demo: offerings in every state (and editions for the catalog
to show: with seats, full with a waiting list, opening later), 200 trainees with their
enrolments, attendance, grades, certificates and continuing-education records, and people
waiting for a course's next edition. The demo trainee (estudiante@praxis.example) has a
running, a finished and an open offering. Deterministic, and a second load changes nothing."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.demo import TRAINEE
from core.models import Institution, Region, User
from courses import completion, services
from courses.demo_review import AUTHOR
from courses.models import (
    ContinuingEducationRecord,
    CourseInterest,
    CourseOffering,
    CoursePage,
    Enrolment,
    Session,
    Trainee,
)
from curriculum.models import EmployerKind, ProfessionalLevel

FAMILY_NAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "García", "Martínez",
                "López", "Sánchez", "Romero", "Torres", "Flores", "Ramírez"]  # fmt: skip
GIVEN_NAMES = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "军", "霞", "Lucía", "Mateo",
               "Valentina", "Diego", "Camila", "Javier", "Sofía", "Andrés"]  # fmt: skip
EMPLOYERS = [
    ("community", "成都市武侯区玉林社区居委会", "社区专职工作者"),
    ("social-work-agency", "昆明市春城社会工作服务中心", "一线社工"),
    ("government", "四川省民政厅", "科员"),
    ("public-institution", "深圳市康宁医院", "医务社工"),
    ("student", "西南大学", "本科生"),
]
TRAINEES = 200

# (course code, offering suffix, status, capacity, enrolled, waiting, sessions held of total)
OFFERINGS = [
    ("TS-301", "2026B", CourseOffering.Status.RUNNING, 30, 28, 4, (5, 8)),
    ("TS-205", "2026A", CourseOffering.Status.FINISHED, 30, 26, 0, (6, 6)),
    ("TS-101", "2027A", CourseOffering.Status.OPEN, 40, 15, 0, (0, 6)),
    ("TS-220", "2027A", CourseOffering.Status.CLOSED, 20, 20, 3, (0, 6)),
    ("CV-110", "2026B", CourseOffering.Status.RUNNING, 35, 30, 0, (3, 6)),
    ("CV-101", "2026A", CourseOffering.Status.FINISHED, 40, 36, 0, (4, 4)),
    ("CF-210", "2027A", CourseOffering.Status.OPEN, 25, 5, 0, (0, 4)),
    ("CF-230", "2026B", CourseOffering.Status.CANCELLED, 25, 0, 0, (0, 0)),
    ("CF-300", "2027B", CourseOffering.Status.DRAFT, 20, 0, 0, (0, 5)),
    # The catalog's other editions: one with seats, one full with a waiting list, one whose
    # enrolment opens later (MY-101 has none: its page offers the interest list).
    ("CV-140", "2027A", CourseOffering.Status.OPEN, 30, 8, 0, (0, 5)),
    ("TS-340", "2027A", CourseOffering.Status.OPEN, 12, 12, 3, (0, 4)),
    ("CF-250", "2027A", CourseOffering.Status.OPEN, 25, 0, 0, (0, 4)),
]
# Courses their author published again once their offerings had opened: an hour more of
# supervision per unit and ten points moved between the first two assessment components. The
# running TS-301-2026B keeps the version it is graded on; the open TS-101-2027A, with no grades
# yet, may be moved to the new one (Teaching, Course offerings, Compare versions).
REVISED_AFTER_OPENING = ("TS-301", "TS-101")
# A course whose only edition has closed its enrolment: people wait for its next one.
WAITED_FOR = "TS-220"
# Offerings whose enrolment opens this many days from today.
OPENS_LATER = {"CF-250": 10}
START_OFFSETS = {  # days from today to the start, by status
    CourseOffering.Status.RUNNING: -30,
    CourseOffering.Status.FINISHED: -120,
    CourseOffering.Status.OPEN: 45,
    CourseOffering.Status.CLOSED: 10,
    CourseOffering.Status.CANCELLED: 20,
    CourseOffering.Status.DRAFT: 120,
}


def _trainees(created: list[str]) -> list[Trainee]:
    """The demo trainee and 199 generated ones (without passwords: they never sign in)."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    levels = list(ProfessionalLevel.objects.order_by("sort_order"))
    kinds = {kind.code: kind for kind in EmployerKind.objects.all()}
    regions = list(Region.objects.exclude(parent=None))
    emails = [f"participante{n:03}@demo.praxis.example" for n in range(1, TRAINEES)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new_users = []
    for email in emails:
        if email not in existing:
            user = User(email=email)
            user.set_unusable_password()
            new_users.append(user)
    User.objects.bulk_create(new_users)
    people = [User.objects.get(email=TRAINEE[0]), *User.objects.filter(email__in=emails)]
    have = set(Trainee.objects.filter(user__in=people).values_list("user_id", flat=True))
    new_trainees = []
    for number, user in enumerate(people):
        if user.pk in have:
            continue
        kind, employer, post = EMPLOYERS[number % len(EMPLOYERS)]
        level = None if kind == "student" else levels[number % len(levels)]
        chinese = number % 3 != 0
        family = rng.choice(FAMILY_NAMES[:10] if chinese else FAMILY_NAMES[10:])
        given = rng.choice(GIVEN_NAMES[:10] if chinese else GIVEN_NAMES[10:])
        if number == 0:
            family, given = TRAINEE[1], TRAINEE[2]  # Lin Xiaoyu
            level = ProfessionalLevel.objects.get(code="assistant-social-worker")
        new_trainees.append(
            Trainee(
                user=user,
                family_name=family,
                given_name=given,
                id_number=f"5101{rng.randrange(10**13, 10**14)}",
                phone=f"+86 13{rng.randrange(10**8, 10**9)}",
                employer=employer,
                employer_kind=kinds.get(kind),
                post=post,
                region=rng.choice(regions) if regions else None,
                professional_level=level,
                certificate_number=f"SW{rng.randrange(10**7, 10**8)}" if level else "",
                certificate_date=date(2022 + number % 4, 1 + number % 12, 1) if level else None,
                years_of_experience=rng.randrange(0, 15),
                consents_to_data_use=True,
            )
        )
    Trainee.objects.bulk_create(new_trainees)
    if new_trainees:
        created.append(f"{len(new_trainees)} trainees")
    return list(Trainee.objects.filter(user__in=people).order_by("user__email"))


def _sessions(offering: CourseOffering, count: int) -> None:
    for number in range(count):
        day = offering.starts_on + timedelta(days=7 * number)
        starts_at = timezone.make_aware(datetime.combine(day, time(9, 0)))
        Session.objects.create(
            offering=offering,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            topic=f"Sesión {number + 1}",
            topic_zh_hans=f"第 {number + 1} 次课",
            topic_en=f"Session {number + 1}",
            **(
                {"venue": "Aula 204", "venue_zh_hans": "204 教室", "venue_en": "Room 204"}
                if number % 2 == 0
                else {}
            ),
            online_link="" if number % 2 == 0 else "https://aula.praxis.example/sala-3",
        )


def _results(offering: CourseOffering, held: int, rng: random.Random) -> None:
    """Attendance for the sessions held; grades where the course has had time to assess."""
    sessions = list(offering.sessions.all()[:held])
    places = list(offering.enrolments.filter(status=Enrolment.Status.ENROLLED))
    for session in sessions:
        completion.record_attendance(
            session,
            {place.pk: "present" if rng.random() < 0.88 else "absent" for place in places},
        )
    components = offering.course_taught.assessment_components()
    graded = components if held == offering.sessions.count() else components[:1]
    if held:
        completion.record_grades(
            offering,
            {
                (place.pk, component_id): Decimal(rng.randrange(45, 98))
                for place in places
                for component_id, _name, _weight in graded
            },
        )


def _revise(code: str) -> bool:
    page = CoursePage.objects.filter(code=code, locale__language_code="es").first()
    if page is None:
        return False
    for unit in page.units:
        unit.value["supervision_hours"] += 1
    if len(page.assessment) >= 2 and page.assessment[0].value["weight"] >= 20:
        page.assessment[0].value["weight"] -= 10
        page.assessment[1].value["weight"] += 10
    author = User.objects.filter(email=AUTHOR).first()
    page.save_revision(user=author).publish()  # as if her reviewer approved it
    return True


@transaction.atomic
def load() -> list[str]:
    created: list[str] = []
    if CourseOffering.objects.exists():
        return created
    trainees = _trainees(created)
    demo_trainee, others = trainees[0], trainees[1:]
    rng = random.Random(7)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    now = timezone.now()
    for code, suffix, status, capacity, seats, waiting, (held, total) in OFFERINGS:
        course = CoursePage.objects.filter(code=code, locale__language_code="es").first()
        if course is None:
            continue
        starts_on = today + timedelta(days=START_OFFSETS[status])
        offering = CourseOffering.objects.create(
            course=course,
            institution=course.institution,
            code=f"{code}-{suffix}",
            term=course.institution.terms.current(starts_on),
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=7 * max(total, 1)),
            delivery_mode=course.delivery_mode,
            language="es",
            capacity=capacity,
            enrolment_opens_at=now + timedelta(days=OPENS_LATER[code])
            if code in OPENS_LATER
            else now - timedelta(days=60 - START_OFFSETS[status]),
            enrolment_closes_at=now + timedelta(days=START_OFFSETS[status] - 3),
            waitlist=True,
            status=CourseOffering.Status.OPEN,
        )
        _sessions(offering, total)
        cohort = rng.sample(others, seats + waiting)
        if code in ("TS-301", "TS-205", "TS-101"):
            cohort = [demo_trainee, *cohort[:-1]]
        for trainee in cohort:
            services.enrol(trainee, offering, by_staff=True)
        # pinned the course's version when its enrolment opened
        offering.course_pinned_at = min(offering.enrolment_opens_at, now)
        finished = status == CourseOffering.Status.FINISHED
        offering.status = CourseOffering.Status.RUNNING if finished else status
        offering.save(update_fields=["status", "course_pinned_at"])
        _results(offering, held, rng)
        if finished:
            completion.finish_offering(offering)
        created.append(f"offering {offering.code} ({status.label})")
    recorder = Institution.objects.get(slug="universidad-del-suroeste")
    for trainee in others[:60]:
        ContinuingEducationRecord.objects.create(
            trainee=trainee,
            institution=recorder,
            kind=ContinuingEducationRecord.Kind.EXTERNAL,
            title="Taller provincial de intervención comunitaria",
            provider="Departamento de Asuntos Civiles de Sichuan",
            hours=Decimal(rng.choice([8, 12, 16, 24])),
            completed_on=today - timedelta(days=rng.randrange(30, 700)),
        )
    created.append("60 external continuing-education records")
    for code in REVISED_AFTER_OPENING:
        if _revise(code):
            created.append(f"a new version of {code}, published after its offering opened")
    waited_for = CoursePage.objects.filter(code=WAITED_FOR, locale__language_code="es").first()
    if waited_for is not None:
        for user in User.objects.filter(trainee__in=others[-5:]):
            CourseInterest.objects.create(course=waited_for, user=user, language="es")
        created.append(f"5 people waiting for the next edition of {WAITED_FOR}")
    return created
