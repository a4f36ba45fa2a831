"""The annual union statistics ledger (the base-union survey's headline figures),
from the records: coverage from the unions app, people from the registry, money
from the dues ledger. Nothing is typed for it."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from jiedao.dues.models import DuesAssessment, DuesPayment
from jiedao.dues.selectors.ledger import ZERO, fen2
from jiedao.org.models import Unit
from jiedao.people.models import Person

OWN, JOINT, NONE = "own", "joint", "none"


@dataclass(frozen=True)
class Statistics:
    year: int
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


def statistics(subdistrict_id: int, year: int, status: dict[int, str]) -> Statistics:
    """The figures of ``year``; ``status`` is each enterprise's union status
    (``unions.selectors.union_status_of_units``)."""
    enterprises = list(
        Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.ENTERPRISE).values_list("pk", flat=True)
    )
    covered = [pk for pk in enterprises if status.get(pk, NONE) in (OWN, JOINT)]
    people = Person.objects.filter(subdistrict_id=subdistrict_id, employer_id__in=covered).aggregate(
        workers=Count("pk", filter=Q(is_worker=True)),
        members=Count("pk", filter=Q(is_union_member=True)),
        women=Count("pk", filter=Q(is_union_member=True, gender="F")),
    )
    assessments = DuesAssessment.objects.filter(subdistrict_id=subdistrict_id, year=year)
    money = assessments.aggregate(
        total=Sum("assessed"),
        dues=Sum("assessed", filter=Q(kind=DuesAssessment.Kind.DUES)),
        preparatory=Sum("assessed", filter=Q(kind=DuesAssessment.Kind.PREPARATORY)),
    )
    received = DuesPayment.objects.filter(assessment__in=assessments).aggregate(s=Sum("amount"))["s"] or ZERO
    return Statistics(
        year=year,
        enterprises=len(enterprises),
        own_union=sum(1 for pk in enterprises if status.get(pk) == OWN),
        joint_union=sum(1 for pk in enterprises if status.get(pk) == JOINT),
        uncovered=len(enterprises) - len(covered),
        workers=people["workers"],
        members=people["members"],
        women_members=people["women"],
        assessed=fen2(money["total"] or ZERO),
        received=fen2(received),
        assessed_dues=fen2(money["dues"] or ZERO),
        assessed_preparatory=fen2(money["preparatory"] or ZERO),
    )
