"""Demo data of the union network: the federation (凉城新村街道总工会), a joint union for
each of the 27 residential areas (the 小二级 level, founded with the 2020 joint meeting's
《以网格化党建工作推进“小二级”工会建设》), enterprise unions for the larger demo
enterprises (嘉春 and 共志 among them), small enterprises covered by their area's joint
union, some left uncovered (the list to organise); members taken from the registry's
union members, and a few applications waiting for review.

Idempotent: unions are looked up by name, covered units by unit; the memberships are
bulk-created once (a sub-district that has memberships gets no more). Chairs' names,
founding dates and registration numbers are fictional.
"""

import datetime as dt

from django.utils import timezone

from jiedao.demo import data
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.org.models import Unit
from jiedao.people.models import Person
from jiedao.unions.models import (
    CoveredUnit,
    EventKind,
    JointBasis,
    Membership,
    MembershipEvent,
    MembershipStatus,
    OfficerPost,
    UnionKind,
    UnionOfficer,
    UnionOrganisation,
)

FEDERATION = "凉城新村街道总工会"
JOINT_FOUNDED = dt.date(2020, 6, 30)
# Enterprise unions: (unit, short name, founding date, chair, vice-chair).
ENTERPRISE_UNIONS: tuple[tuple[str, str, dt.date, str, str], ...] = (
    (data.JIACHUN, "嘉春公司工会", dt.date(2012, 5, 8), "宋春华", "邱立新"),
    (data.GONGZHI, "共志公司工会", dt.date(2010, 9, 16), "方志强", "蒋丽萍"),
    ("上海中虹便民超市有限公司", "中虹便民超市工会", dt.date(2015, 3, 20), "叶美玲", ""),
    ("上海凉城物业管理有限公司", "凉城物业公司工会", dt.date(2009, 11, 2), "钱国栋", ""),
    ("上海广灵快递服务有限公司", "广灵快递公司工会", dt.date(2019, 4, 28), "彭海军", "陆晓燕"),
    ("上海虹馨家政服务有限公司", "虹馨家政公司工会", dt.date(2018, 7, 1), "袁桂芳", ""),
    ("上海秀水网络科技有限公司", "秀水网络公司工会", dt.date(2020, 10, 15), "邓文杰", ""),
    ("上海万安养老服务有限公司", "万安养老公司工会", dt.date(2016, 12, 6), "许秀兰", "韩建华"),
    ("上海兴城电子商务有限公司", "兴城电商公司工会", dt.date(2020, 8, 18), "曹宇", ""),
)
# Smaller enterprises in their area's joint union (上海通顺同城配送, 88 workers, and
# 上海广粤印务, 上海水电路文化传播 stay uncovered: the list to organise).
COVERED = (
    "上海秀苑洗衣服务有限公司",
    "上海汶水餐饮管理有限公司",
    "上海锦苑建筑装饰工程有限公司",
    "上海丰镇汽车维修服务有限公司",
    "上海凉通便利连锁有限公司",
    "上海凉秀美容美发有限公司",
    "上海灵新软件技术有限公司",
)
# The pending applications of the demo: the first to the federation's review, the others
# to the union's own (秀苑's area chair, 嘉春's chair).
WANTED_APPLICATIONS = ("中虹居民区联合工会", "秀苑居民区联合工会", "嘉春公司工会")
OFFICES_UNION = "凉城新村街道机关联合工会"
AREA_CHAIRS = {"秀苑": "秀苑居民区工会主席", "中虹": "中虹居民区工会主席"}


# The federation's committee elected in 2018 (a past chair's term is kept as history below).
TERM_2018 = dt.date(2018, 5, 1)


def _term(union: UnionOrganisation) -> dt.date:
    """A demo officer's term starts with the union's founding (or the 2018 election)."""
    return union.founded_on or TERM_2018


def _unions(ctx: DemoContext) -> tuple[dict[str, UnionOrganisation], dict[str, UnionOrganisation]]:
    sd = ctx.subdistrict
    federation, created = ctx.get_or_create(
        UnionOrganisation,
        subdistrict=sd,
        name=FEDERATION,
        defaults={
            "kind": UnionKind.FEDERATION,
            "founded_on": dt.date(1998, 5, 1),
            "registration_number": "工法证字第310109001号",
            "is_demo": True,
        },
    )
    officers: list[UnionOfficer] = []
    if created:
        officers += [
            # The chair of the previous term, kept as history (历届委员).
            UnionOfficer(
                subdistrict=sd,
                union=federation,
                post=OfficerPost.CHAIR,
                name="周国强",
                term_start=dt.date(2013, 5, 1),
                term_end=TERM_2018 - dt.timedelta(days=1),
            ),
            UnionOfficer(subdistrict=sd, union=federation, post=OfficerPost.CHAIR, name="陈建华", term_start=TERM_2018),
            UnionOfficer(
                subdistrict=sd, union=federation, post=OfficerPost.VICE_CHAIR, name="王丽君", term_start=TERM_2018
            ),
            UnionOfficer(
                subdistrict=sd,
                union=federation,
                post=OfficerPost.COMMITTEE,
                name="刘晓东",
                position=1,
                term_start=TERM_2018,
            ),
        ]
    by_area: dict[str, UnionOrganisation] = {}
    for name, area in ctx.areas.items():
        union, created = ctx.get_or_create(
            UnionOrganisation,
            subdistrict=sd,
            name=f"{name}居民区联合工会",
            defaults={
                "kind": UnionKind.JOINT,
                "basis": JointBasis.AREA,
                "parent": federation,
                "residential_area": area,
                "founded_on": JOINT_FOUNDED,
                "is_demo": True,
            },
        )
        if created:
            chair = AREA_CHAIRS.get(name, f"{name}工会主席")
            officers.append(
                UnionOfficer(subdistrict=sd, union=union, post=OfficerPost.CHAIR, name=chair, term_start=_term(union))
            )
        by_area[name] = union
    by_unit: dict[str, UnionOrganisation] = {}
    for index, (unit_name, short, founded, chair, vice) in enumerate(ENTERPRISE_UNIONS, start=1):
        unit = ctx.units.get(unit_name)
        if unit is None:
            continue
        area_name = next((n for n, a in ctx.areas.items() if unit.grid and unit.grid.residential_area_id == a.pk), "")
        union, created = ctx.get_or_create(
            UnionOrganisation,
            subdistrict=sd,
            name=short,
            defaults={
                "kind": UnionKind.ENTERPRISE,
                "parent": by_area.get(area_name, federation),
                "unit": unit,
                "founded_on": founded,
                "registration_number": f"工法证字第3101090{index:02d}号" if unit.headcount >= 50 else "",
                "is_demo": True,
            },
        )
        if created:
            officers.append(
                UnionOfficer(subdistrict=sd, union=union, post=OfficerPost.CHAIR, name=chair, term_start=_term(union))
            )
            if vice:
                officers.append(
                    UnionOfficer(
                        subdistrict=sd, union=union, post=OfficerPost.VICE_CHAIR, name=vice, term_start=_term(union)
                    )
                )
        by_unit[unit_name] = union
    UnionOfficer.objects.bulk_create(officers)
    ctx.count(UnionOfficer, len(officers))
    # The sub-district's own offices: one joint union of the offices (机关联合工会).
    offices, created = ctx.get_or_create(
        UnionOrganisation,
        subdistrict=sd,
        name=OFFICES_UNION,
        defaults={
            "kind": UnionKind.JOINT,
            "basis": JointBasis.INDUSTRY,
            "basis_detail": "街道机关及所属事业单位",
            "parent": federation,
            "founded_on": dt.date(1998, 5, 1),
            "is_demo": True,
        },
    )
    if created:
        UnionOfficer.objects.create(
            subdistrict=sd, union=offices, post=OfficerPost.CHAIR, name="王丽君", term_start=TERM_2018
        )
        ctx.count(UnionOfficer)
    for unit_name in data.OFFICES:
        if unit_name in ctx.units:
            ctx.get_or_create(CoveredUnit, unit=ctx.units[unit_name], defaults={"subdistrict": sd, "union": offices})
    for unit_name in COVERED:
        unit = ctx.units.get(unit_name)
        if unit is None or unit.grid is None:
            continue
        area_name = next(n for n, a in ctx.areas.items() if unit.grid.residential_area_id == a.pk)
        ctx.get_or_create(
            CoveredUnit,
            unit=unit,
            defaults={"subdistrict": sd, "union": by_area[area_name], "since": JOINT_FOUNDED + dt.timedelta(days=1)},
        )
    return by_area, by_unit


def _members(ctx: DemoContext) -> None:
    """The registry's union members, each in the union their employer and area suggest;
    then three applications waiting for review."""
    sd = ctx.subdistrict
    if Membership.objects.filter(subdistrict=sd).exists():
        return
    enterprise = {u.unit_id: u for u in UnionOrganisation.objects.filter(subdistrict=sd, kind=UnionKind.ENTERPRISE)}
    covered = {c.unit_id: c.union for c in CoveredUnit.objects.filter(subdistrict=sd).select_related("union")}
    area_union = {
        u.residential_area_id: u
        for u in UnionOrganisation.objects.filter(subdistrict=sd, kind=UnionKind.JOINT, basis=JointBasis.AREA)
    }
    unit_area = dict(
        Unit.objects.filter(subdistrict=sd, grid__isnull=False).values_list("pk", "grid__residential_area_id")
    )

    def union_for(p: Person) -> UnionOrganisation | None:
        if p.employer_id is not None:
            found = enterprise.get(p.employer_id) or covered.get(p.employer_id)
            if found is None and p.employer_id in unit_area:
                found = area_union.get(unit_area[p.employer_id])
            if found is not None:
                return found
        return area_union.get(p.residential_area_id) if p.residential_area_id else None

    people = list(
        Person.objects.filter(subdistrict=sd, is_worker=True)
        .only("id", "employer_id", "residential_area_id", "is_union_member")
        .order_by("id")
    )
    now = timezone.now()
    members: list[Membership] = []
    candidates: dict[str, tuple[Person, UnionOrganisation]] = {}
    for p in people:
        union = union_for(p)
        if union is None:
            continue
        if p.is_union_member:
            joined = union.founded_on if union.founded_on and union.founded_on > dt.date(2015, 1, 1) else None
            members.append(
                Membership(
                    subdistrict=sd,
                    person_id=p.pk,
                    union=union,
                    employer_id=p.employer_id,
                    status=MembershipStatus.ACTIVE,
                    card_number=f"GH2020-D{p.pk:09d}",
                    joined_on=joined or dt.date(2015, 1, 1) + dt.timedelta(days=p.pk % 1500),
                )
            )
        elif union.name not in candidates:
            candidates[union.name] = (p, union)
    Membership.objects.bulk_create(members, batch_size=500)
    # The wanted unions first, then any other, three in all.
    order = [n for n in WANTED_APPLICATIONS if n in candidates] + sorted(set(candidates) - set(WANTED_APPLICATIONS))
    applicants = [candidates[n] for n in order[:3]]
    pending = [
        Membership(
            subdistrict=sd,
            person_id=p.pk,
            union=union,
            employer_id=p.employer_id,
            status=MembershipStatus.PENDING_FEDERATION if i == 0 else MembershipStatus.PENDING_UNION,
            applied_at=now - dt.timedelta(days=3 - i),
        )
        for i, (p, union) in enumerate(applicants)
    ]
    Membership.objects.bulk_create(pending)
    ctx.count(Membership, len(members) + len(pending))
    saved = list(Membership.objects.filter(subdistrict=sd).order_by("id").values_list("pk", "status", "applied_at"))
    events: list[MembershipEvent] = []
    for pk, status, applied in saved:
        applied_at = applied or now
        if status == MembershipStatus.ACTIVE:
            events.append(MembershipEvent(subdistrict=sd, membership_id=pk, kind=EventKind.IMPORTED, at=now))
        else:
            events.append(MembershipEvent(subdistrict=sd, membership_id=pk, kind=EventKind.APPLIED, at=applied_at))
            if status == MembershipStatus.PENDING_FEDERATION:
                events.append(
                    MembershipEvent(
                        subdistrict=sd,
                        membership_id=pk,
                        kind=EventKind.UNION_APPROVED,
                        at=applied_at + dt.timedelta(days=1),
                        by=ctx.users.get("xiuyuan"),
                    )
                )
    MembershipEvent.objects.bulk_create(events, batch_size=1000)
    ctx.count(MembershipEvent, len(events))


@demo_step("unions", after=("accounts",))
def load_unions(ctx: DemoContext) -> None:
    _unions(ctx)
    _members(ctx)
