"""A trainee's data in courses: their record, enrolments, attendance, certificates and
continuing-education ledger. Enrolments and attendance stay once erased (completion and pass
rates are computed from them); the names, numbers and evidence go."""

from functools import partial

from django.db import transaction

from core.privacy import ERASED, archive, exempt, holds
from courses import certificates
from courses.models import (
    Attendance,
    Certificate,
    ContinuingEducationRecord,
    Enrolment,
    Trainee,
    UnitProgress,
)

TRAINEE = "trainee__user"
ENROLMENT = "enrolment__trainee__user"


def certificate_files(user):
    for certificate in Certificate.objects.filter(**{ENROLMENT: user}, revoked_at=None):
        with certificates.certificate_pdf(certificate).file.open("rb") as stored:
            yield f"certificates/{certificate.number}.pdf", stored.read()


def forget_certificate_pdfs(rows):
    """The rendered certificates print the holder's name: they go, and render again erased."""
    for certificate in rows:
        certificates.forget_pdf(certificate)


def evidence_files(user):
    for record in ContinuingEducationRecord.objects.filter(**{TRAINEE: user}).exclude(evidence=""):
        with record.evidence.open("rb") as stored:
            yield f"evidence/{record.pk}-{record.evidence.name.rsplit('/', 1)[-1]}", stored.read()


def delete_evidence(rows):
    """The evidence files go once the erasure is committed (a failed one keeps them)."""
    for record in rows:
        if record.evidence.name:
            transaction.on_commit(partial(record.evidence.storage.delete, record.evidence.name))


holds(
    Trainee,
    person="user",
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
holds(Enrolment, person=TRAINEE, erased={})
holds(Attendance, person=ENROLMENT, erased={})
holds(UnitProgress, person=ENROLMENT, erased={})
holds(
    Certificate,
    person=ENROLMENT,
    erased={"holder_name": ERASED},
    files=certificate_files,
    after_erase=forget_certificate_pdfs,
)
holds(
    ContinuingEducationRecord,
    person=TRAINEE,
    erased={"evidence": ""},
    files=evidence_files,
    after_erase=delete_evidence,
)
archive(Trainee, Enrolment)
exempt("courses.CourseOffering", "An offering's staff contacts are faculty members' own records.")
