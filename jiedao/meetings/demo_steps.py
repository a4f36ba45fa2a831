"""Demo of the joint meeting system: the 2020 joint meeting exactly as the
newsletter reports it, and one upcoming meeting to try QR sign-in on.

Real (from the newsletter): the body, the host 乐跃明, the attending 胡军, 陈懿 and
黄守虎 with the posts printed with their names (kept as the note of their invitations:
the registry has no posts), the reports of 许军霞 and 陈懿, the draft regulation and its
adopted title, the three deliberations passed, the 畅心屋 unveiling, 胡军's three
requirements, the seven enterprises commended for their 2019 dues, 90 attendees
including the union chairs of the 27 residential areas, the captions of the two
photos. Invented: the date, time and place of the meeting, the names of the office
staff, member-unit representatives and union chairs (generated like the demo
residents), the split of the 90 attendees by category, the action items' owner and
deadline, the pictures of the photos (placeholders). Not typed here: which seven
enterprises were commended — the dues demo step makes the 表彰 item from the top seven
of the 2019 commendation shortlist, which it computes from its (invented) 2019
payments. Everything goes through the meetings and activities services, as the demo's
admin account.
"""

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities import services as activities
from jiedao.activities.models import Attendance, AttendeeCategory, Registration
from jiedao.core.validators import build_id_number
from jiedao.demo import data
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.meetings import selectors, services
from jiedao.meetings.models import AgendaItem, JointMeeting, Meeting, MeetingPhoto, Regulation
from jiedao.org.models import Unit
from jiedao.people.models import Person
from jiedao.people.services import id_number_hash, person_values

BODY = "凉城新村街道与工会联席会议"
MEETING_2020 = "2020年凉城新村街道与工会联席会议"
REGULATION = "虹口区凉城新村街道与工会联席会议制度"
DRAFT = "凉城新村街道与工会联席会议制度（草案）"
PLACE = "凉城新村街道社区党群服务中心"  # invented: the newsletter names no place
# The newsletter (autumn 2020) says only 日前 ("recently"): 24 September 2020, a
# Thursday afternoon shortly before its reference date, is our plausible choice.
MEETING_2020_DAY, MEETING_2020_TIME = dt.date(2020, 9, 24), dt.time(14, 0)
DELIBERATIONS = (
    "以网格化党建工作推进“小二级”工会建设",
    "关于凉城新村街道推进和谐劳动关系建设的实施意见",
    "关于进一步加强职工法律援助工作",
)
REQUIREMENTS = (
    "提高政治站位，充分认识健全完善联席会议的重要意义。在新形势下不断健全完善政府工会联席会议制度，"
    "有利于政府与工会双方更好地沟通信息、统一立场、协调政策、整合资源、发挥优势，从而共同维护好、发展好、"
    "实现好广大职工群众的权益，促进经济发展、职工稳定、社会和谐。",
    "聚焦发展大局，共同推动区域经济社会实现高质量发展。虹口正处在开创建设的关键时期，各级工会组织要聚焦"
    "本区重大工程、重大项目开发、重点区域发展，团结动员广大职工在打赢疫情防控阻击战的基础上，为推动经济"
    "社会高质量发展建功立业。",
    "强化服务意识，切实维护广大职工合法权益。牢牢把握坚持服务党和政府的中心工作与切实维护职工群众合法权益"
    "有机统一的原则，充分发挥联席会议制度在维护职工群众利益、构建和谐劳动关系中的重要作用。",
)
AWARD = "2019年度非公企业交纳经费工作表现突出单位"
COMMENDATION_TITLE = "表彰2019年度非公企业交纳经费工作中表现突出的单位"
# The 90 attendees: 3 officials of the sub-district + 35 office staff (7 for each of the
# 5 offices) = 38 offices; 2 district guests (胡军, 黄守虎) = other; 3 representatives each
# of the two member enterprises = 6; the union chairs of the 17 demo enterprises = 17;
# the union chairs of the 27 residential areas = 27. 38 + 2 + 6 + 17 + 27 = 90.
STAFF_PER_OFFICE = 7
REPS_PER_MEMBER = 3
TOTAL_2020 = 90


@dataclass(frozen=True)
class _Spec:
    name: str
    gender: str
    id_number: str
    area: str = ""
    employer: str = ""


def _specs() -> dict[str, list[_Spec]]:
    """The invented attendees by category, deterministic: names from the demo's
    word lists, ID numbers with birth dates that no two share."""
    surnames = [s for s, _w in data.SURNAMES]
    n = 0

    def make(area: str = "", employer: str = "") -> _Spec:
        nonlocal n
        n += 1
        gender = "M" if n % 2 else "F"
        birth = dt.date(1962, 3, 1) + dt.timedelta(days=137 * n)
        given = data.GIVEN_NAMES[(birth.year < 1970, gender)]
        name = surnames[(n * 7) % len(surnames)] + given[(n * 5) % len(given)]
        sequence = 880 + (n % 50) * 2 + (1 if gender == "M" else 0)
        return _Spec(name, gender, build_id_number("310109", birth, sequence % 1000), area, employer)

    enterprises = [u.name for u in data.UNITS if u.kind == Unit.Kind.ENTERPRISE and u.is_demo]
    return {
        AttendeeCategory.OFFICE: [make(employer=o) for o in data.OFFICES for _i in range(STAFF_PER_OFFICE)],
        AttendeeCategory.MEMBER_UNIT: [
            make(employer=e) for e in (data.JIACHUN, data.GONGZHI) for _i in range(REPS_PER_MEMBER)
        ],
        AttendeeCategory.ENTERPRISE_UNION_CHAIR: [make(employer=e) for e in enterprises],
        AttendeeCategory.AREA_UNION_CHAIR: [
            make(area=a) for a in (*data.REAL_AREAS, *(a for a, _x in data.DEMO_AREAS))
        ],
    }


def _people(ctx: DemoContext, specs: list[_Spec]) -> list[Person]:
    """The people of ``specs``, registered where missing (looked up by ID-number hash)."""
    hashes = [id_number_hash(s.id_number) for s in specs]
    found = {p.id_number_hash: p for p in Person.objects.filter(subdistrict=ctx.subdistrict, id_number_hash__in=hashes)}
    result = []
    for spec, h in zip(specs, hashes, strict=True):
        person = found.get(h)
        if person is None:
            unit = ctx.units[spec.employer] if spec.employer else None
            area = ctx.areas[spec.area] if spec.area else (unit.grid.residential_area if unit and unit.grid else None)
            values = person_values(
                subdistrict_id=ctx.subdistrict.pk,
                name=spec.name,
                id_number=spec.id_number,
                gender=spec.gender,
                residential_area=area,
                employer=unit,
                roles=frozenset({"is_worker", "is_union_member"}),
            )
            person, _created = ctx.get_or_create(
                Person, defaults=values, subdistrict_id=ctx.subdistrict.pk, id_number_hash=h
            )
            found[h] = person
        result.append(person)
    return result


def _body(ctx: DemoContext, actor: Actor, reps: dict[str, Person]) -> JointMeeting:
    body = JointMeeting.objects.filter(subdistrict=ctx.subdistrict, name=BODY).first()
    if body is None:
        body = services.joint_meeting_create(
            actor=actor,
            name=BODY,
            convenor_unit=ctx.units["街道总工会"],
            convenor=ctx.people["许军霞"],
            frequency=JointMeeting.Frequency.YEARLY,
            description="街道与工会联席会议制度：政府与工会沟通信息、统一立场、协调政策、整合资源。",
        )
        ctx.count(body)
        for name in (*data.OFFICES, data.JIACHUN, data.GONGZHI):
            services.member_add(
                actor=actor,
                joint_meeting=body,
                unit=ctx.units[name],
                representative=reps.get(name),
                joined_on=dt.date(2020, 1, 1),
            )
            ctx.count(body.members.model)
    return body


def _meeting_2020(ctx: DemoContext, actor: Actor, body: JointMeeting, attendees: dict[str, list[Person]]) -> None:
    if Meeting.objects.filter(subdistrict=ctx.subdistrict, activity__title=MEETING_2020).exists():
        return
    p = ctx.people
    starts = dt.datetime.combine(MEETING_2020_DAY, MEETING_2020_TIME, tzinfo=timezone.get_current_timezone())
    regulation = Regulation.objects.filter(subdistrict=ctx.subdistrict, title=REGULATION).first()
    if regulation is None:
        regulation = services.regulation_create(
            actor=actor, joint_meeting=body, title=REGULATION, version_title=DRAFT, presented_by=p["陈懿"]
        )
        ctx.count(regulation)
    version = regulation.versions.order_by("number").first()
    assert version is not None
    meeting = services.meeting_create(
        actor=actor,
        joint_meeting=body,
        title=MEETING_2020,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place=PLACE,
        host=p["乐跃明"],
        summary="为进一步落实街道与工会联席制度，团结凝聚广大职工群众共同推动区域经济发展，街道总工会召开"
        "2020年凉城新村街道与工会联席会议。",
    )
    ctx.count(meeting)
    a = meeting.activity
    for name, role, category in (
        ("胡军", Registration.Role.GUEST, AttendeeCategory.OTHER),
        ("黄守虎", Registration.Role.GUEST, AttendeeCategory.OTHER),
        ("陈懿", Registration.Role.REPORTER, AttendeeCategory.OFFICE),
        ("许军霞", Registration.Role.REPORTER, AttendeeCategory.OFFICE),
    ):
        invited = activities.invite(actor=actor, activity=a, person=p[name], role=role, category=category)
        # The post the newsletter prints with the name, as the invitation's note.
        Registration.objects.filter(pk=invited.pk).update(note=data.OFFICIALS[name].post)
    # The host's invitation (made with the meeting) likewise.
    Registration.objects.filter(activity=a, person=p["乐跃明"]).update(note=data.OFFICIALS["乐跃明"].post)

    def add(**values: Any) -> AgendaItem:
        return services.agenda_item_add(actor=actor, meeting=meeting, **values)

    add(
        kind=AgendaItem.Kind.REPORT,
        title="凉城新村街道总工会工作开展情况以及工会联席会议制度建立情况",
        presenter=p["许军霞"],
    )
    add(kind=AgendaItem.Kind.REPORT, title=f"《{DRAFT}》", presenter=p["陈懿"])
    add(
        kind=AgendaItem.Kind.ADOPTION,
        title=f"《{REGULATION}》",
        presenter=p["陈懿"],
        regulation_version=version,
        outcome=AgendaItem.Outcome.PASSED,
    )
    for title in DELIBERATIONS:
        add(kind=AgendaItem.Kind.DELIBERATION, title=f"《{title}》", outcome=AgendaItem.Outcome.PASSED)
    add(
        kind=AgendaItem.Kind.CEREMONY,
        title="凉城“畅心屋”心理疏导工作室揭牌",
        presenter=p["胡军"],
        text="街道总工会整合党群中心心理服务资源，探索建立“畅心屋”心理疏导工作室，定时定点提供专业服务，"
        "帮助职工消除心理压力。",
    )
    speech = add(
        kind=AgendaItem.Kind.SPEECH,
        title="就推动完善联席会议制度、更好服务区域经济社会发展大局提出三点要求",
        presenter=p["胡军"],
    )
    union = ctx.units["街道总工会"]
    for text in REQUIREMENTS:
        requirement = services.requirement_add(actor=actor, item=speech, text=text)
        services.action_item_create(
            actor=actor,
            title=text.split("。")[0],
            owner_unit=union,
            deadline=dt.date(2020, 12, 31),  # invented: by the end of the year
            requirement=requirement,
        )
    _photos(ctx, actor, meeting)
    # The commendation item (表彰) is not typed here: the dues demo step
    # (jiedao/dues/demo_steps.py) creates it from the picked 2019 shortlist, through
    # the same service as the dues shortlist page.
    ctx.count(AgendaItem, meeting.agenda.count())

    # Attendance from the paper sign-in sheet (import), each with its category.
    session = selectors.first_session(meeting)
    assert session is not None
    named: list[tuple[Person, str]] = [
        (p["乐跃明"], AttendeeCategory.OFFICE),
        (p["陈懿"], AttendeeCategory.OFFICE),
        (p["许军霞"], AttendeeCategory.OFFICE),
        (p["胡军"], AttendeeCategory.OTHER),
        (p["黄守虎"], AttendeeCategory.OTHER),
    ]
    rows = named + [(person, str(cat)) for cat, people in attendees.items() for person in people]
    for i, (person, row_category) in enumerate(rows):
        if row_category == AttendeeCategory.AREA_UNION_CHAIR:
            activities.invite(actor=actor, activity=a, person=person, category=row_category)
        activities.sign_in(
            session=session,
            person=person,
            method=Attendance.Method.IMPORT,
            by=actor,
            at=starts - dt.timedelta(minutes=30) + dt.timedelta(seconds=15 * i),
            category=row_category,
        )
    ctx.count(Attendance, len(rows))


# The newsletter's two photos of the meeting, by their captions (the pictures are
# placeholders drawn at load time: the newsletter's photos are not ours to copy).
PHOTOS = (
    ("区人大常委会副主任、区总工会主席胡军(中)出席会议", (214, 226, 236)),
    ("胡军为凉城“畅心屋”心理疏导工作室揭牌", (236, 222, 214)),
)


def _photos(ctx: DemoContext, actor: Actor, meeting: Meeting) -> None:
    for n, (caption, background) in enumerate(PHOTOS):
        picture = Image.new("RGB", (480, 320), background)
        draw = ImageDraw.Draw(picture)
        draw.rectangle((40, 40, 440, 110), fill=(176, 38, 38))  # the banner
        for x in range(90 + 40 * n, 420, 80):  # the people in front of it
            draw.ellipse((x - 18, 150, x + 18, 186), fill=(90, 80, 70))
            draw.rectangle((x - 24, 190, x + 24, 290), fill=(60, 70, 90))
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=75)
        services.photo_add(
            actor=actor,
            meeting=meeting,
            image=ContentFile(out.getvalue(), name=f"meeting-{n + 1}.jpg"),
            caption=caption,
        )
        ctx.count(MeetingPhoto)


def _upcoming(ctx: DemoContext, actor: Actor, body: JointMeeting) -> None:
    """One meeting after today (computed at load), unless one is already upcoming."""
    now = timezone.now()
    if Meeting.objects.filter(joint_meeting=body, activity__sessions__starts_at__gt=now).exists():
        return
    day = timezone.localdate() + dt.timedelta(days=14)
    starts = dt.datetime.combine(day, dt.time(14, 0), tzinfo=timezone.get_current_timezone())
    meeting = services.meeting_create(
        actor=actor,
        joint_meeting=body,
        title=f"{day.year}年凉城新村街道与工会联席会议（{day:%m月%d日}）",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place=PLACE,
        host=ctx.people["乐跃明"],
    )
    ctx.count(meeting)
    for key in ("worker", "jobseeker"):
        activities.invite(
            actor=actor, activity=meeting.activity, person=ctx.people[key], category=AttendeeCategory.OTHER
        )
    services.agenda_item_add(
        actor=actor,
        meeting=meeting,
        kind=AgendaItem.Kind.REPORT,
        title="街道总工会工作情况及上次会议督办事项落实情况",
        presenter=ctx.people["许军霞"],
    )
    services.agenda_item_add(
        actor=actor, meeting=meeting, kind=AgendaItem.Kind.DELIBERATION, title="职工心理服务“畅心屋”年度工作安排"
    )


@demo_step("meetings", after=("accounts",))
def load_meetings(ctx: DemoContext) -> None:
    admin = ctx.users.get("admin")
    if admin is None:
        ctx.warnings.append("没有演示管理员账号，未加载联席会议演示数据。")
        return
    actor = actor_for(admin)
    specs = _specs()
    attendees = {category: _people(ctx, s) for category, s in specs.items()}
    # The first of each office's staff and of each member enterprise's representatives
    # represents it in the body.
    reps: dict[str, Person] = {}
    for spec, person in zip(
        specs[AttendeeCategory.OFFICE] + specs[AttendeeCategory.MEMBER_UNIT],
        attendees[AttendeeCategory.OFFICE] + attendees[AttendeeCategory.MEMBER_UNIT],
        strict=True,
    ):
        reps.setdefault(spec.employer, person)
    body = _body(ctx, actor, reps)
    _meeting_2020(ctx, actor, body, attendees)
    _upcoming(ctx, actor, body)


# How many people this step registers (when none of them exists yet): the core demo
# tests count people, so they need this number to add to theirs.
INVENTED_PEOPLE = sum(len(specs) for specs in _specs().values())
