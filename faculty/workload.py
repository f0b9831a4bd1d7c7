"""The faculty workload report of an institution in one term: who teaches how many hours, the
shares of full-time, part-time and practitioner teaching, the qualification mix and the
supervision load. Two queries whatever the number of members."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from core.models import Institution, Term
from faculty.models import EmploymentTerm, EmploymentType, FacultyMember, TeachingAssignment


@dataclass
class MemberLoad:
    member: FacultyMember
    employment_type: str
    contracted: Decimal
    assigned: Decimal = Decimal(0)
    supervision: Decimal = Decimal(0)

    @property
    def employment_label(self) -> StrOrPromise:
        return EmploymentType(self.employment_type).label

    @property
    def use(self) -> Decimal | int:
        """Assigned hours as a share (0 to 100) of the contract."""
        if not self.contracted:
            return 0
        share = self.assigned * 100 / self.contracted
        return 100 if share > 100 else share


@dataclass
class Workload:
    institution: Institution
    term: Term
    members: list[MemberLoad]
    # Assigned hours per employment type; (qualification, members) from the most common.
    by_type: dict[str, Decimal] = field(default_factory=dict)
    levels: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((load.assigned for load in self.members), Decimal(0))

    def share(self, employment_type: str) -> Decimal:
        hours = self.by_type.get(employment_type, Decimal(0))
        return hours * 100 / self.total if self.total else Decimal(0)

    @property
    def shares(self) -> list[tuple[StrOrPromise, Decimal, Decimal]]:
        """(label, hours, share) per employment type, in the order of the types."""
        return [
            (kind.label, self.by_type.get(kind.value, Decimal(0)), self.share(kind.value))
            for kind in EmploymentType
        ]

    @property
    def supervision(self) -> Decimal:
        return sum((load.supervision for load in self.members), Decimal(0))

    @property
    def busiest(self) -> Decimal:
        return max((load.assigned for load in self.members), default=Decimal(0))


def workload(institution: Institution, term: Term) -> Workload:
    rows = (
        EmploymentTerm.objects.filter(institution=institution, term=term)
        .select_related("member__professional_level")
        .order_by("member__family_name", "member__given_name")
    )
    loads = {
        row.member_id: MemberLoad(row.member, row.employment_type, row.contracted_hours)
        for row in rows
    }
    hours = (
        TeachingAssignment.objects.filter(
            offering__institution=institution, offering__term=term, member_id__in=loads
        )
        .values("member_id")
        .annotate(
            total=Sum("hours"),
            supervision=Sum("hours", filter=Q(role=TeachingAssignment.Role.SUPERVISOR)),
        )
    )
    for row in hours:
        load = loads[row["member_id"]]
        load.assigned = row["total"] or Decimal(0)
        load.supervision = row["supervision"] or Decimal(0)
    members = sorted(loads.values(), key=lambda load: (-load.assigned, str(load.member)))
    report = Workload(institution, term, members)
    for load in report.members:
        report.by_type[load.employment_type] = (
            report.by_type.get(load.employment_type, Decimal(0)) + load.assigned
        )
    levels = Counter(
        str(load.member.professional_level or _("Not certified")) for load in report.members
    )
    report.levels = levels.most_common()
    return report
