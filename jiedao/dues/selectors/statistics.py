"""The annual union statistics ledger (the base-union survey's headline figures),
from the records: coverage from the unions app, people from the registry, money
from the dues ledger. Nothing is typed for it."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from jiedao.dues.coverage import union_status, unions_by_kind
from jiedao.dues.models import DuesAssessment, DuesPayment
from jiedao.dues.selectors.ledger import LIVE, sum_fen, yuan
from jiedao.org.models import Subdistrict, Unit
from jiedao.people.models import Person

OWN, JOINT, NONE = "own", "joint", "none"


@dataclass(frozen=True)
class Statistics:
    year: int
    joint_unions: int  # the joint (小二级) unions themselves
    enterprise_unions: int
    enterprises: int
    own_union: int  # enterprises with a union of their own
    joint_union: int  # covered by a joint (小二级) union
    uncovered: int
    workers: int  # employed by the enterprises covered
    members: int
    women_members: int
    assessed: Decimal
    received: Decimal
    assessed_dues: Decimal
    assessed_preparatory: Decimal

    @property
    def covered(self) -> int:
        return self.own_union + self.joint_union

    @property
    def base_unions(self) -> int:
        """基层工会: the joint unions and the enterprise unions."""
        return self.joint_unions + self.enterprise_unions


def statistics(
    subdistrict_id: int, year: int, status: dict[int, str], unions: dict[str, int] | None = None
) -> Statistics:
    """The figures of ``year``; ``status`` is each enterprise's union status
    (``unions.selectors.union_status_of_units``), ``unions`` the number of union
    organisations of each kind (``unions.selectors.union_counts``). Voided
    assessments and payments are left out; sums are exact (in fen)."""
    unions = unions or {}
    enterprises = list(
        Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.ENTERPRISE).values_list("pk", flat=True)
    )
    covered = [pk for pk in enterprises if status.get(pk, NONE) in (OWN, JOINT)]
    people = Person.objects.filter(subdistrict_id=subdistrict_id, employer_id__in=covered).aggregate(
        workers=Count("pk", filter=Q(is_worker=True)),
        members=Count("pk", filter=Q(is_union_member=True)),
        women=Count("pk", filter=Q(is_union_member=True, gender="F")),
    )
    assessments = DuesAssessment.objects.filter(LIVE, subdistrict_id=subdistrict_id, year=year)
    money = assessments.aggregate(
        total=sum_fen("assessed"),
        dues=sum_fen("assessed", Q(kind=DuesAssessment.Kind.DUES)),
        preparatory=sum_fen("assessed", Q(kind=DuesAssessment.Kind.PREPARATORY)),
    )
    received = DuesPayment.objects.filter(LIVE, assessment__in=assessments).aggregate(s=sum_fen("amount"))["s"]
    return Statistics(
        year=year,
        joint_unions=unions.get(JOINT, 0),
        enterprise_unions=unions.get("enterprise", 0),
        enterprises=len(enterprises),
        own_union=sum(1 for pk in enterprises if status.get(pk) == OWN),
        joint_union=sum(1 for pk in enterprises if status.get(pk) == JOINT),
        uncovered=len(enterprises) - len(covered),
        workers=people["workers"],
        members=people["members"],
        women_members=people["women"],
        assessed=yuan(money["total"]),
        received=yuan(received),
        assessed_dues=yuan(money["dues"]),
        assessed_preparatory=yuan(money["preparatory"]),
    )


def annual_statistics(subdistrict_id: int, year: int) -> tuple[Statistics, str]:
    """The figures of ``year`` with the unions app's coverage and union counts, and
    the sub-district's name (for the workbook's title)."""
    enterprises = Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.ENTERPRISE).values_list(
        "pk", flat=True
    )
    status = union_status(subdistrict_id=subdistrict_id, unit_ids=enterprises)
    figures = statistics(subdistrict_id, year, status, unions_by_kind(subdistrict_id=subdistrict_id, year=year))
    name = Subdistrict.objects.filter(pk=subdistrict_id).values_list("name", flat=True).first() or ""
    return figures, name
