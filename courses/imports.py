"""Inviting trainees in bulk from a spreadsheet: a preview that says what each row will do or
what is wrong with it, then every row in one transaction. Each person is invited, never
enrolled by staff: they accept from the e-mail (courses.invitations). The preview says the
same of an address with an account and of one without, so it tells no one who has an account.
A row whose person has already applied or been invited changes nothing, so importing the same
file twice is harmless."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.imports import Preview, column, import_all, rows_of
from core.models import User
from courses import invitations, services
from courses.models import CourseOffering, Enrolment, Trainee

REQUIRED = ("email", "family_name", "given_name")
OPTIONAL = ("id_number", "phone", "employer", "post")
COLUMNS = REQUIRED + OPTIONAL
# Headings as people write them in the three languages of the site.
ALIASES = {
    "e-mail": "email",
    "correo": "email",
    "correo electrónico": "email",
    "邮箱": "email",
    "电子邮箱": "email",
    "apellido": "family_name",
    "apellidos": "family_name",
    "姓": "family_name",
    "nombre": "given_name",
    "nombres": "given_name",
    "名": "given_name",
    "documento": "id_number",
    "身份证号": "id_number",
    "teléfono": "phone",
    "电话": "phone",
    "empleador": "employer",
    "工作单位": "employer",
    "puesto": "post",
    "岗位": "post",
}
MAX_LENGTHS = {
    name: column(User if name == "email" else Trainee, name).max_length for name in COLUMNS
}

ACTIONS = {
    "invite": gettext_lazy("Will be invited by e-mail"),
    "unchanged": gettext_lazy("Already invited to this offering, or applied: unchanged"),
}


def preview(offering: CourseOffering, table: Sequence[Sequence[str]]) -> Preview:
    """What importing the table (header first) would do, row by row; saves nothing."""
    services.check_takes_staff_enrolments(offering)
    rows = rows_of(
        table,
        required=REQUIRED,
        optional=OPTIONAL,
        aliases=ALIASES,
        labels=ACTIONS,
        max_lengths=MAX_LENGTHS,
    )
    seen: dict[str, int] = {}
    for row in rows:
        values = row.values
        if values["email"] in seen:
            row.errors.append(
                _("This e-mail address is already on row %(row)s; keep one of the two rows.")
                % {"row": seen[values["email"]]}
            )
        seen.setdefault(values["email"], row.number)
    # Anyone who ever applied or was invited is left alone, even after withdrawing or
    # declining: the same file imported twice changes nothing.
    known = set(offering.enrolments.values_list("trainee__user__email", flat=True)) | set(
        offering.invitations.values_list("user__email", flat=True)
    )
    for row in rows:
        if not row.errors:
            row.action = "unchanged" if row.values["email"] in known else "invite"
    result = Preview(rows)
    free = offering.capacity - offering.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    if not offering.waitlist and result.count("invite") > free:
        result.problems.append(
            _(
                "The file invites %(count)s people, but %(offering)s has %(free)s free seats "
                "and keeps no waiting list. Raise the capacity or import fewer rows."
            )
            % {"count": result.count("invite"), "offering": offering.code, "free": max(free, 0)}
        )
    return result


def import_rows(offering: CourseOffering, table: Sequence[Sequence[str]]) -> Preview:
    """Invite every row's person, or no one."""
    return import_all(
        preview(offering, table), lambda row: invitations.invite(offering, row.values)
    )


def summary(result: Preview) -> str:
    invited = result.count("invite")
    return ngettext(
        "%(invited)s person invited by e-mail, %(unchanged)s unchanged. Each takes their place "
        "by accepting the invitation.",
        "%(invited)s people invited by e-mail, %(unchanged)s unchanged. Each takes their place "
        "by accepting the invitation.",
        invited,
    ) % {"invited": invited, "unchanged": result.count("unchanged")}
