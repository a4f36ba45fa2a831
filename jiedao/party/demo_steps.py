"""Demo of party work: branches, the registry's party members, the 2020 四史 lectures,
the 凝新 studio's 主题党日 and the 2020 study-hour ledger.

Real (from the newsletter): the 四史 lectures by 乐跃明 at 秀苑 (新中国史, "站起来、
富起来、强起来") and by 陈懿 at 中虹 (上海的改革开放史); the 凝新 studio's 主题党日
"学‘四史’、践初心、党员先锋行动" with a visit of the centre and 薛老师's lecture
《浅谈社区》 of the 凉城社区党校, attended by 20-odd 三新 members. Invented: every date
and time, the branches' secretaries and committees, transfer dates, places and letter
numbers, who attended what, every self-study and external training entry.

The lectures and visits go through the services; the many rows (members,
invitations, attendances, entries) are bulk-inserted, so the load stays fast.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities import services as activities
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Registration, Session
from jiedao.demo import data
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.party import services
from jiedao.party.models import (
    Branch,
    CommitteeMember,
    Lecture,
    PartyMember,
    PartyStudio,
    StudyEntry,
    StudyRules,
)
from jiedao.people.models import Person

COMMITTEE = "中共凉城新村街道工作委员会"
OFFICE_BRANCH = "凉城新村街道机关党支部"
ENTERPRISE_BRANCHES = {
    data.JIACHUN: "上海嘉春装饰设计工程有限公司党支部",
    data.GONGZHI: "上海共志通信信息技术发展有限公司党支部",
}
CENTRE = "党群服务中心"
STUDIO = "“凝新”党员志愿者工作室"
CAMPAIGN = "四史学习教育"
PLACE_CENTRE = "凉城新村街道社区党群服务中心"
THEME_DAY = "“学‘四史’、践初心、党员先锋行动”主题党日"
THEME_DAY_VISIT = "参观社区党群服务中心（主题党日）"
EARLY_VISIT = "参观社区党群服务中心"
XUE = "薛老师"
NEWCOMERS = 25
SEED = 20200925
ZONE = timezone.get_fixed_timezone(8 * 60)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE)


def _branches(ctx: DemoContext) -> dict[str, Branch]:
    sd = ctx.subdistrict
    existing = {b.name: b for b in Branch.objects.filter(subdistrict=sd)}
    top = existing.get(COMMITTEE) or Branch.objects.create(
        subdistrict=sd, name=COMMITTEE, kind=Branch.Kind.WORKING_COMMITTEE, sector=Branch.Sector.OFFICE
    )
    specs: list[tuple[str, str, str, dict[str, Any]]] = [
        (OFFICE_BRANCH, Branch.Kind.BRANCH, Branch.Sector.OFFICE, {}),
        *(
            (
                data.area_party_branch(area),
                Branch.Kind.GENERAL_BRANCH,
                Branch.Sector.RESIDENTIAL,
                {"residential_area": a},
            )
            for area, a in ctx.areas.items()
        ),
        (data.PARTY_BRANCHES["new_economic"], Branch.Kind.BRANCH, Branch.Sector.ENTERPRISE, {}),
        (data.PARTY_BRANCHES["new_social"], Branch.Kind.BRANCH, Branch.Sector.SOCIAL, {}),
        (data.PARTY_BRANCHES["new_employment"], Branch.Kind.BRANCH, Branch.Sector.NEW_EMPLOYMENT, {}),
        *(
            (name, Branch.Kind.BRANCH, Branch.Sector.ENTERPRISE, {"unit": ctx.units[unit]})
            for unit, name in ENTERPRISE_BRANCHES.items()
        ),
    ]
    new = [
        Branch(subdistrict=sd, name=name, kind=kind, sector=sector, parent=top, **extra)
        for name, kind, sector, extra in specs
        if name not in existing
    ]
    Branch.objects.bulk_create(new)
    ctx.count(Branch, len(new) + (COMMITTEE not in existing))
    return {b.name: b for b in Branch.objects.filter(subdistrict=sd)}


def _branch_of(person: Person, branches: dict[str, Branch], employers: dict[int, str]) -> Branch:
    employer = employers.get(person.employer_id or 0, "")
    if employer in ENTERPRISE_BRANCHES:
        return branches[ENTERPRISE_BRANCHES[employer]]
    if person.party_branch in branches:
        return branches[person.party_branch]
    if person.party_category:
        return branches[data.PARTY_BRANCHES[person.party_category]]
    if person.residential_area_id is not None:
        for b in branches.values():
            if b.residential_area_id == person.residential_area_id:
                return b
    return branches[OFFICE_BRANCH]


def _members(ctx: DemoContext, branches: dict[str, Branch]) -> list[PartyMember]:
    """Every party member of the registry, in the branch their record names; 25 三新
    members transferred in during 2020 (孙浩然 among them)."""
    sd = ctx.subdistrict
    rng = random.Random(SEED)
    people = list(Person.objects.filter(subdistrict=sd, is_party_member=True).order_by("id_number_hash"))
    done = set(PartyMember.objects.filter(subdistrict=sd).values_list("person_id", flat=True))
    employers = {u.pk: name for name, u in ctx.units.items()}
    sanxin = ctx.people.get("sanxin")
    newcomers = [p for p in people if p.party_category and p != sanxin][: NEWCOMERS - 1]
    if sanxin is not None:
        newcomers.append(sanxin)
    origins = (
        "浦东新区陆家嘴街道党工委",
        "杨浦区五角场街道党工委",
        "江苏省南京市鼓楼区委组织部",
        "浙江省杭州市西湖区委组织部",
    )
    rows = []
    for person in people:
        if person.pk in done:
            continue
        born = person.birth_date
        joined = dt.date(min(born.year + rng.randint(20, 35), 2019), rng.randint(1, 12), rng.randint(1, 28))
        member = PartyMember(
            subdistrict=sd,
            person=person,
            branch=_branch_of(person, branches, employers),
            status=PartyMember.Status.PROBATIONARY if joined.year >= 2019 else PartyMember.Status.FULL,
            category=person.party_category,
            joined_on=joined,
        )
        if person in newcomers:
            n = newcomers.index(person)
            member.transferred_in_on = dt.date(2020, 3 + n % 7, 3 + (n * 5) % 24)
            member.transferred_in_from = origins[n % len(origins)]
            member.transfer_letter = f"2020-{117 + n * 3:04d}"
            if member.joined_on and member.joined_on > member.transferred_in_on:
                member.joined_on = dt.date(2018, 7, 1)
        if person == sanxin:
            member.transferred_in_on = dt.date(2020, 8, 20)
        rows.append(member)
    PartyMember.objects.bulk_create(rows)
    ctx.count(PartyMember, len(rows))
    return list(PartyMember.objects.filter(subdistrict=sd).select_related("person", "branch"))


def _committees(ctx: DemoContext, branches: dict[str, Branch], members: list[PartyMember]) -> None:
    if CommitteeMember.objects.filter(subdistrict=ctx.subdistrict).exists():
        return
    by_branch: dict[int, list[PartyMember]] = {}
    for m in members:
        by_branch.setdefault(m.branch_id, []).append(m)
    secretary = ctx.people.get("secretary")
    rows = []
    for branch in branches.values():
        people = [m.person for m in by_branch.get(branch.pk, []) if m.status == PartyMember.Status.FULL]
        if not people:
            continue
        if branch.name == data.area_party_branch("秀苑") and secretary is not None:
            branch.secretary = secretary
        elif branch.name == OFFICE_BRANCH and "许军霞" in ctx.people:
            branch.secretary = ctx.people["许军霞"]
        else:
            branch.secretary = people[0]
        branch.save(update_fields=["secretary"])
        others = [p for p in people if p != branch.secretary][: 2 if len(people) >= 5 else 0]
        rows += [
            CommitteeMember(subdistrict=ctx.subdistrict, branch=branch, person=p, post=post)
            for p, post in zip(others, (CommitteeMember.Post.DEPUTY, CommitteeMember.Post.MEMBER), strict=False)
        ]
    CommitteeMember.objects.bulk_create(rows)
    ctx.count(CommitteeMember, len(rows))


def _activity(
    ctx: DemoContext,
    actor: Actor,
    *,
    title: str,
    kind: str,
    start: dt.datetime,
    hours: float,
    place: str,
    **lecture: object,
) -> Session:
    """An activity with one session (and its lecture record), made once."""
    existing = Session.objects.filter(activity__subdistrict=ctx.subdistrict, activity__title=title).first()
    if existing is not None:
        return existing
    end = start + dt.timedelta(hours=hours)
    if kind == Activity.Kind.LECTURE:
        if "lecture_kind" in lecture:
            lecture["kind"] = lecture.pop("lecture_kind")
        made = services.lecture_create(
            actor=actor,
            title=title,
            organiser=ctx.units[data.OFFICES[0]],
            starts_at=start,
            ends_at=end,
            place=place,
            **lecture,  # type: ignore[arg-type]
        )
        activity = made.activity
    else:
        # A party visit: who went tells who is a party member.
        activity = activities.activity_create(
            actor=actor, kind=kind, title=title, organiser=ctx.units[CENTRE], party_only=True
        )
        activities.session_create(actor=actor, activity=activity, starts_at=start, ends_at=end, place=place)
    ctx.count(Activity)
    session = Session.objects.get(activity=activity)
    return session


def _attend(ctx: DemoContext, session: Session, people: list[Person], *, invite: bool = True) -> None:
    """Invitations and paper sign-in (import) for ``people``, bulk-inserted."""
    if Attendance.objects.filter(session=session).exists():
        return
    sd = ctx.subdistrict
    if invite:
        registrations = [
            Registration(subdistrict=sd, activity_id=session.activity_id, person=p, category=AttendeeCategory.OTHER)
            for p in people
        ]
        Registration.objects.bulk_create(registrations, ignore_conflicts=True)
    by_person = dict(
        Registration.objects.filter(activity_id=session.activity_id, person__in=people).values_list("person_id", "id")
    )
    rows = [
        Attendance(
            subdistrict=sd,
            session=session,
            person=p,
            registration_id=by_person.get(p.pk),
            category=AttendeeCategory.OTHER,
            method=Attendance.Method.IMPORT,
            signed_in_at=session.starts_at - dt.timedelta(minutes=20) + dt.timedelta(seconds=20 * i),
        )
        for i, p in enumerate(people)
    ]
    Attendance.objects.bulk_create(rows)
    ctx.count(Attendance, len(rows))


def _lectures(ctx: DemoContext, actor: Actor, members: list[PartyMember], branches: dict[str, Branch]) -> None:
    p = ctx.people
    rng = random.Random(SEED + 1)
    by_branch: dict[int, list[Person]] = {}
    for m in members:
        by_branch.setdefault(m.branch_id, []).append(m.person)
    officials = [p[name] for name in ("乐跃明", "陈懿", "许军霞") if name in p]

    def area_people(area: str) -> list[Person]:
        branch = branches[data.area_party_branch(area)]
        people = by_branch.get(branch.pk, [])
        return [x for x in people if rng.random() < 0.8 or x == p.get("secretary")]

    xiuyuan = _activity(
        ctx,
        actor,
        title="“四史”学习教育党课：站起来、富起来、强起来",
        kind=Activity.Kind.LECTURE,
        start=_at(dt.date(2020, 9, 8), 9),
        hours=2.5,
        place="秀苑居民区党群服务站",
        residential_area=ctx.areas["秀苑"],
        topic="学习新中国史：站起来、富起来、强起来",
        campaign=CAMPAIGN,
        speaker_kind=Lecture.SpeakerKind.LEADER,
        speaker=p["乐跃明"],
        speaker_title="街道党工委书记",
        format=Lecture.Format.HALF_DAY,
    )
    _attend(ctx, xiuyuan, [*area_people("秀苑"), *officials])
    zhonghong_people = [*area_people("中虹"), *officials]
    if "sanxin" in p:
        zhonghong_people.append(p["sanxin"])
    zhonghong = _activity(
        ctx,
        actor,
        title="“四史”学习教育党课：上海改革开放史",
        kind=Activity.Kind.LECTURE,
        start=_at(dt.date(2020, 9, 10), 14),
        hours=2.5,
        place="中虹居民区党群服务站",
        residential_area=ctx.areas["中虹"],
        topic="回顾上海四十多年的改革开放史",
        campaign=CAMPAIGN,
        speaker_kind=Lecture.SpeakerKind.LEADER,
        speaker=p["陈懿"],
        speaker_title="街道党工委副书记、办事处主任",
        format=Lecture.Format.HALF_DAY,
    )
    _attend(ctx, zhonghong, zhonghong_people)

    # The 凝新 studio's 主题党日: a visit of the centre, then 薛老师's lecture.
    newcomers = [m for m in members if m.category and m.transferred_in_on and m.person != p.get("sanxin")]
    newcomers.sort(key=lambda m: (m.transferred_in_on, m.pk))
    day = dt.date(2020, 9, 25)
    attending = [m.person for m in newcomers if m.transferred_in_on and m.transferred_in_on <= day][:20]
    early = [m.person for m in newcomers if m.person not in attending][:2]
    visit = _activity(
        ctx, actor, title=THEME_DAY_VISIT, kind=Activity.Kind.VISIT, start=_at(day, 9), hours=1, place=PLACE_CENTRE
    )
    _attend(ctx, visit, attending)
    talk = _theme_day_lecture(ctx, actor, day)
    _attend(ctx, talk, attending)
    # Two who came later visited on their own; the rest have done nothing yet.
    early_visit = _activity(
        ctx,
        actor,
        title=EARLY_VISIT,
        kind=Activity.Kind.VISIT,
        start=_at(dt.date(2020, 10, 16), 14),
        hours=1,
        place=PLACE_CENTRE,
    )
    _attend(ctx, early_visit, early)


def _theme_day_lecture(ctx: DemoContext, actor: Actor, day: dt.date) -> Session:
    return _activity(
        ctx,
        actor,
        title=THEME_DAY,
        kind=Activity.Kind.LECTURE,
        start=_at(day, 10),
        hours=2,
        place=PLACE_CENTRE,
        lecture_kind=Lecture.Kind.THEME_DAY,
        topic="浅谈社区",
        campaign=CAMPAIGN,
        speaker_kind=Lecture.SpeakerKind.TEACHER,
        speaker_name=XUE,
        speaker_title="凉城社区党校讲师",
        format=Lecture.Format.HOURS,
    )


EXTERNAL = (
    ("2020年度党员冬训集中学习", dt.date(2020, 1, 9), Decimal(8)),
    ("区委党校“四史”专题培训班", dt.date(2020, 7, 16), Decimal(8)),
    ("“学习强国”专题学习（区委组织部统一安排）", dt.date(2020, 11, 20), Decimal(4)),
)
SELF_STUDY = (
    "自学《中国共产党简史》第一至三章",
    "自学《改革开放简史》",
    "观看“四史”学习教育专题片",
    "自学《习近平谈治国理政》第三卷",
    "自学《社会主义发展简史》",
)


def _entries(ctx: DemoContext, members: list[PartyMember]) -> None:
    """2020 external training and self-study: most members reach their target (32, or
    56 for secretaries and committee members), about one in five ends the year short;
    a few self-study entries of 秀苑 wait for the secretary's review."""
    sd = ctx.subdistrict
    if StudyEntry.objects.filter(subdistrict=sd).exists():
        return
    rng = random.Random(SEED + 2)
    party = ctx.users.get("party")
    secretary = ctx.people.get("secretary")
    leaders = set(Branch.objects.filter(subdistrict=sd).values_list("secretary_id", flat=True))
    leaders |= set(CommitteeMember.objects.filter(subdistrict=sd).values_list("person_id", flat=True))
    waiting = [m for m in members if secretary and m.branch.secretary_id == secretary.pk and m.person != secretary][:3]
    rows = []
    for m in members:
        target = 56 if m.person_id in leaders else 32
        short = rng.random() < 0.2
        goal = target - rng.randint(6, 18) if short else target + rng.randint(0, 6)
        total = 0
        for title, on, hours in EXTERNAL[: 1 if short else 3]:
            total += int(hours)
            rows.append(
                StudyEntry(
                    subdistrict=sd,
                    member=m,
                    source=StudyEntry.Source.EXTERNAL,
                    title=title,
                    studied_on=on,
                    hours=hours,
                    status=StudyEntry.Status.APPROVED,
                    entered_by=party,
                    reviewed_by=party,
                )
            )
        n = 0
        while total < goal:
            step = min(4, goal - total)
            total += step
            rows.append(
                StudyEntry(
                    subdistrict=sd,
                    member=m,
                    source=StudyEntry.Source.SELF_STUDY,
                    title=SELF_STUDY[(n + m.pk) % len(SELF_STUDY)],
                    studied_on=dt.date(2020, 1 + n % 11, rng.randint(1, 28)),
                    hours=Decimal(step),
                    evidence_note="学习笔记已交支部存档。",
                    status=StudyEntry.Status.APPROVED,
                )
            )
            n += 1
        if m in waiting:
            rows.append(
                StudyEntry(
                    subdistrict=sd,
                    member=m,
                    source=StudyEntry.Source.SELF_STUDY,
                    title="自学《中国共产党简史》第四章",
                    studied_on=dt.date(2020, 12, 5),
                    hours=Decimal(2),
                    evidence_note="学习笔记已交支部存档。",
                )
            )
    StudyEntry.objects.bulk_create(rows)
    ctx.count(StudyEntry, len(rows))


@demo_step("party", after=("accounts", "activities"))
def load_party(ctx: DemoContext) -> None:
    user = ctx.users.get("party")
    if user is None or CENTRE not in ctx.units:
        ctx.warnings.append(_("缺少 party 账号或“党群服务中心”单位，未加载党建演示数据。"))
        return
    actor = actor_for(user)
    sd = ctx.subdistrict
    ctx.get_or_create(StudyRules, subdistrict=sd)
    ctx.get_or_create(
        PartyStudio,
        subdistrict=sd,
        name=STUDIO,
        defaults={
            "unit": ctx.units[CENTRE],
            "description": "进行一次参观、参加一堂党课、认领一项公益服务：帮助新转入的“三新”党员了解和融入社区。",
        },
    )
    branches = _branches(ctx)
    members = _members(ctx, branches)
    _committees(ctx, branches, members)
    members = list(PartyMember.objects.filter(subdistrict=sd).select_related("person", "branch"))
    _lectures(ctx, actor, members, branches)
    _entries(ctx, members)
