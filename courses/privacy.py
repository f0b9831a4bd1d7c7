"""A trainee's data in courses: their record, enrolments, attendance, grades, the receipt that
they answered a course evaluation (the answers themselves name no one), certificates and
continuing-education ledger. Enrolments and attendance stay once erased (completion and pass
rates are computed from them); the names, numbers and evidence go."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_lazy as _

from core.privacy import (
    ERASED,
    archive,
    delete_rows,
    delete_stored_files,
    exempt,
    holds,
    stored_files,
)
from courses import certificates
from courses.models import (
    Attendance,
    Certificate,
    ContinuingEducationRecord,
    CourseInterest,
    Enrolment,
    EnrolmentInvitation,
    Grade,
    SurveyReceipt,
    Trainee,
    UnitProgress,
)

TRAINEE = "trainee__user"
ENROLMENT = "enrolment__trainee__user"
AT_OFFERING = "offering__institution"
AT_ENROLMENT = "enrolment__offering__institution"


def certificate_files(rows: Iterable[Certificate]) -> Iterator[tuple[str, bytes]]:
    for certificate in rows:
        if certificate.revoked_at is not None:
            continue
        with certificates.certificate_pdf(certificate).file.open("rb") as stored:
            yield f"certificates/{certificate.number}.pdf", stored.read()


def forget_certificate_pdfs(rows: Iterable[Certificate]) -> None:
    """The rendered certificates print the holder's name: they go, and render again erased."""
    for certificate in rows:
        certificates.forget_pdf(certificate)


holds(
    Trainee,
    person="user",
    # The trainee's profile is theirs; an institution's erasure takes from it only an identity
    # number that institution typed in.
    institution="id_number_source",
    erased_at={"id_number": "", "id_number_source": None},
    erased={
        "family_name": ERASED,
        "given_name": ERASED,
        "id_number": "",
        "phone": "",
        "employer": "",
        "post": "",
        "certificate_number": "",
        "certificate_date": None,
    },
)
holds(Enrolment, person=TRAINEE, erased={}, institution=AT_OFFERING, detach="trainee")
holds(Attendance, person=ENROLMENT, erased={}, institution=AT_ENROLMENT)
holds(
    UnitProgress,
    person=ENROLMENT,
    erased={},
    institution=AT_ENROLMENT,
    label=_("Units you marked as studied"),
)
holds(Grade, person=ENROLMENT, erased={}, institution=AT_ENROLMENT, label=_("Grades in courses"))
holds(
    SurveyReceipt,
    person=ENROLMENT,
    erased={},
    institution=AT_ENROLMENT,
    label=_("Course evaluations you answered (your answers are kept without your name)"),
)
holds(
    Certificate,
    person=ENROLMENT,
    erased={"holder_name": ERASED},
    files=certificate_files,
    after_erase=forget_certificate_pdfs,
    institution=AT_ENROLMENT,
)
holds(
    ContinuingEducationRecord,
    person=TRAINEE,
    erased={"evidence": ""},
    files=stored_files("evidence", "evidence"),
    after_erase=delete_stored_files("evidence"),
    institution="institution",
    detach="trainee",
)
# What an institution typed to invite the person; gone with an erasure.
holds(
    EnrolmentInvitation,
    person="user",
    erased={},
    after_erase=delete_rows,
    institution=AT_OFFERING,
)
# Asking to hear of a course's next edition: the person's own, gone with an erasure.
holds(
    CourseInterest,
    person="user",
    erased={},
    after_erase=delete_rows,
    institution="course__institution",
    label=_("Courses whose next edition you wait for"),
)
archive(Trainee, Enrolment)
exempt("courses.CourseOffering", "An offering's staff contacts are faculty members' own records.")
