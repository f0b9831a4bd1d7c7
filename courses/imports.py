"""Enrolling trainees in bulk from a spreadsheet: a preview that says what each row will do
or what is wrong with it, then every row in one transaction. A row whose trainee has already
applied to the offering changes nothing, so importing the same file twice is harmless."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.imports import Preview, import_all, rows_of
from core.models import User
from courses import services
from courses.models import Enrolment, Trainee

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
    name: (User if name == "email" else Trainee)._meta.get_field(name).max_length
    for name in COLUMNS
}

ACTIONS = {
    "new": gettext_lazy("New account, enrolled"),
    "enrol": gettext_lazy("Enrolled"),
    "waitlist": gettext_lazy("On the waiting list"),
    "unchanged": gettext_lazy("Already applied to this offering: unchanged"),
}


def preview(offering, table):
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
    seen = {}
    for row in rows:
        values = row.values
        if values["email"] in seen:
            row.errors.append(
                _("This e-mail address is already on row %(row)s; keep one of the two rows.")
                % {"row": seen[values["email"]]}
            )
        seen.setdefault(values["email"], row.number)
    _plan(offering, rows)
    result = Preview(rows)
    if not offering.waitlist:
        free = (
            offering.capacity - offering.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        )
        if result.count("waitlist"):
            result.problems.append(
                _(
                    "The file enrols %(count)s new trainees, but %(offering)s has %(free)s free "
                    "seats and keeps no waiting list. Raise the capacity or import fewer rows."
                )
                % {
                    "count": result.count("enrol") + result.count("new") + result.count("waitlist"),
                    "offering": offering.code,
                    "free": max(free, 0),
                }
            )
    return result


def _plan(offering, rows):
    """Decide each valid row's action, in three queries for the whole file."""
    emails = [row.values["email"] for row in rows if not row.errors]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    trainees = {
        trainee.user_id: trainee for trainee in Trainee.objects.filter(user__in=users.values())
    }
    # Anyone who ever applied is left alone, even after withdrawing: the same file imported
    # twice changes nothing. Staff re-enrol a person on purpose, not by re-importing.
    known = set(offering.enrolments.values_list("trainee__user__email", flat=True))
    free = offering.capacity - offering.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    for row in rows:
        if row.errors:
            continue
        email = row.values["email"]
        user = users.get(email)
        if email in known:
            row.action = "unchanged"
        elif free <= 0:
            row.action = "waitlist"
        else:
            row.action = "new" if user is None or user.pk not in trainees else "enrol"
            free -= 1


def import_rows(offering, table):
    """Import every row or none."""

    def enrol_row(row):
        values = row.values
        user = User.objects.filter(email__iexact=values["email"]).first()
        if user is None:
            user = User.objects.create_user(
                values["email"], first_name=values["given_name"], last_name=values["family_name"]
            )
        trainee = Trainee.objects.filter(user=user).first()
        if trainee is None:
            trainee = Trainee.objects.create(
                user=user, **{name: values[name] for name in COLUMNS if name != "email"}
            )
        services.enrol(trainee, offering, by_staff=True)

    return import_all(preview(offering, table), enrol_row)


def summary(result):
    placed = result.count("new") + result.count("enrol")
    return ngettext(
        "%(placed)s trainee enrolled, %(waiting)s on the waiting list, %(unchanged)s unchanged.",
        "%(placed)s trainees enrolled, %(waiting)s on the waiting list, %(unchanged)s unchanged.",
        placed,
    ) % {
        "placed": placed,
        "waiting": result.count("waitlist"),
        "unchanged": result.count("unchanged"),
    }
