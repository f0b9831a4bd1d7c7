"""Importing an institution's faculty from a spreadsheet: a preview of what each row will do
(a new member, an update, nothing) or what is wrong with it, then every row in one
transaction. A member is found again by e-mail, or by name and employer, among the
institution's own faculty, so a second import updates instead of duplicating."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.imports import Preview, Row, column, import_all, rows_of
from core.models import Institution, Term
from core.numbers import parse_number
from curriculum.models import ProfessionalLevel, ServiceField
from faculty.models import EmploymentTerm, EmploymentType, FacultyMember, FacultyPool

REQUIRED = ("family_name", "given_name", "employment_type", "term", "contracted_hours")
OPTIONAL = (
    "email",
    "employer",
    "highest_degree",
    "professional_level",
    "years_of_practice",
    "fields",
    "pool",
)
ALIASES = {
    "apellido": "family_name",
    "姓": "family_name",
    "nombre": "given_name",
    "名": "given_name",
    "correo": "email",
    "邮箱": "email",
    "tipo": "employment_type",
    "聘用类型": "employment_type",
    "periodo": "term",
    "学期": "term",
    "horas": "contracted_hours",
    "合同学时": "contracted_hours",
    "grupo": "pool",
    "师资库": "pool",
}
MEMBER_FIELDS = ("email", "employer", "highest_degree", "years_of_practice")
ACTIONS = {
    "new": gettext_lazy("New member"),
    "update": gettext_lazy("Updated"),
    "unchanged": gettext_lazy("Unchanged"),
}


# How the import finds a member again: ("email", address) or ("name", family, given, employer).
Key = tuple[str, ...]


@dataclass
class MemberRow(Row):
    """A row with what its texts say: the member it updates (None for a new one), the term
    (one of the institution's, named in any language), the hours contracted, the professional
    level and the fields of service."""

    member: FacultyMember | None = None
    term: Term | None = None
    hours: Decimal = Decimal(0)
    level: ProfessionalLevel | None = None
    fields: list[ServiceField] = field(default_factory=list)


def _max_lengths() -> dict[str, int | None]:
    lengths = {
        name: column(FacultyMember, name).max_length
        for name in ("family_name", "given_name", "email", "employer")
    }
    lengths["term"] = column(Term, "name_es").max_length
    lengths["pool"] = column(FacultyPool, "name").max_length
    return lengths


def _key(values: dict[str, str]) -> Key:
    if values["email"]:
        return ("email", values["email"])
    return ("name", values["family_name"], values["given_name"], values["employer"].lower())


def preview(institution: Institution, table: Sequence[Sequence[str]]) -> Preview:
    """What importing the table (header first) into the institution would do; saves nothing."""
    rows = [
        MemberRow(row.number, row.values, row.labels, row.action, row.errors)
        for row in rows_of(
            table,
            required=REQUIRED,
            optional=OPTIONAL,
            aliases=ALIASES,
            labels=ACTIONS,
            max_lengths=_max_lengths(),
        )
    ]
    levels = {level.code: level for level in ProfessionalLevel.objects.all()}
    fields = {service.code: service for service in ServiceField.objects.all()}
    members = list(
        FacultyMember.objects.filter(terms__institution=institution)
        .distinct()
        .prefetch_related("fields", "pools")
    )
    known: dict[Key, FacultyMember] = {}
    for member in members:
        known[("name", member.family_name, member.given_name, member.employer.lower())] = member
        if member.email:
            known[("email", member.email.lower())] = member
    named_terms = {
        name.lower(): term
        for term in institution.terms.all()
        for name in (term.name_es, term.name_zh_hans, term.name_en)
    }
    contracts = {
        (contract.member_id, contract.term_id): contract
        for contract in EmploymentTerm.objects.filter(institution=institution)
    }
    seen: dict[Key, int] = {}
    for row in rows:
        values = row.values
        _parse(row, levels, fields)
        _find_term(row, named_terms, institution)
        key = _key(values)
        if key in seen:
            row.errors.append(
                _("This person is already on row %(row)s; keep one of the two rows.")
                % {"row": seen[key]}
            )
        seen.setdefault(key, row.number)
        if row.errors:
            continue
        row.member = known.get(key)
        row.action = _action(row, contracts, institution)
    return Preview(list(rows))


def _find_term(row: MemberRow, terms: dict[str, Term], institution: Institution) -> None:
    row.term = terms.get(row.values["term"].lower())
    if row.values["term"] and row.term is None:
        row.errors.append(
            _(
                "“%(value)s” is not one of %(institution)s's terms. Use the name of one of its "
                "terms, or add the term under Institutions › Terms first."
            )
            % {"value": row.values["term"], "institution": institution}
        )


def _parse(
    row: MemberRow, levels: dict[str, ProfessionalLevel], fields: dict[str, ServiceField]
) -> None:
    """Turn the row's texts into values, noting each one that cannot be read."""
    values = row.values
    if values["employment_type"] and values["employment_type"] not in EmploymentType.values:
        row.errors.append(
            _("“%(value)s” is not an employment type; use one of %(types)s.")
            % {"value": values["employment_type"], "types": ", ".join(EmploymentType.values)}
        )
    try:
        hours_field = column(EmploymentTerm, "contracted_hours")
        row.hours = parse_number(values["contracted_hours"], hours_field) or Decimal(0)
    except ValueError as error:
        row.errors.append(str(error))
    degrees = FacultyMember.Degree.values
    if values["highest_degree"] and values["highest_degree"] not in degrees:
        row.errors.append(
            _("“%(value)s” is not a degree; use one of %(degrees)s.")
            % {"value": values["highest_degree"], "degrees": ", ".join(degrees)}
        )
    row.level = levels.get(values["professional_level"])
    if values["professional_level"] and row.level is None:
        row.errors.append(
            _("“%(value)s” is not a professional level; use one of %(levels)s.")
            % {"value": values["professional_level"], "levels": ", ".join(levels)}
        )
    codes = [code.strip() for code in values["fields"].replace(";", ",").split(",") if code]
    unknown = [code for code in codes if code not in fields]
    if unknown:
        row.errors.append(
            _("These fields of service do not exist: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    row.fields = [fields[code] for code in codes if code in fields]
    try:
        years_field = column(FacultyMember, "years_of_practice")
        parse_number(values["years_of_practice"], years_field)
    except ValueError as error:
        row.errors.append(str(error))


def _action(
    row: MemberRow, contracts: dict[tuple[int, int], EmploymentTerm], institution: Institution
) -> str:
    member = row.member
    if member is None:
        return "new"
    values = row.values
    assert row.term is not None  # a row without its term has an error, and no action
    contract = contracts.get((member.pk, row.term.pk))
    same_term = (
        contract is not None
        and contract.employment_type == values["employment_type"]
        and contract.contracted_hours == row.hours
    )
    same_member = all(
        not values[name] or str(getattr(member, name)) == values[name] for name in MEMBER_FIELDS
    ) and (row.level is None or member.professional_level_id == row.level.pk)
    same_fields = {field.pk for field in row.fields} <= {field.pk for field in member.fields.all()}
    in_pool = not values["pool"] or any(
        pool.name == values["pool"] and pool.institution_id == institution.pk
        for pool in member.pools.all()
    )
    unchanged = same_term and same_member and same_fields and in_pool
    return "unchanged" if unchanged else "update"


def import_rows(institution: Institution, table: Sequence[Sequence[str]]) -> Preview:
    """Import every row or none."""

    def import_row(row: Row) -> None:
        assert isinstance(row, MemberRow)  # the rows `preview` made
        values = row.values
        member = row.member or FacultyMember(
            family_name=values["family_name"], given_name=values["given_name"]
        )
        for name in MEMBER_FIELDS:
            if values[name]:
                setattr(member, name, values[name])
        if row.level is not None:
            member.professional_level = row.level
        member.save()
        if row.fields:  # a cluster's relation: kept in memory until the member is saved
            member.fields.add(*row.fields)
            member.save()
        EmploymentTerm.objects.update_or_create(
            member=member,
            institution=institution,
            term=row.term,
            defaults={"employment_type": values["employment_type"], "contracted_hours": row.hours},
        )
        if values["pool"]:
            pool, _created = FacultyPool.objects.get_or_create(
                institution=institution, name=values["pool"]
            )
            pool.members.add(member)

    return import_all(preview(institution, table), import_row)


def summary(result: Preview) -> str:
    new = result.count("new")
    return ngettext(
        "%(new)s new member, %(updated)s updated, %(unchanged)s unchanged.",
        "%(new)s new members, %(updated)s updated, %(unchanged)s unchanged.",
        new,
    ) % {"new": new, "updated": result.count("update"), "unchanged": result.count("unchanged")}
