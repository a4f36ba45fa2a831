"""Party activities written up for the newsletter (``jiedao.activities.stories``).

- A lecture (党课): the speaker and post, the place (the residential area it is for),
  the topic and how many attended. A series (the two 四史 lectures) is one story per
  lecture: the newsletter may merge two drafts, the composer does not.
- A 主题党日 of the 凝新 studio (the 三个一: a visit, a lecture, a claimed service): how
  many 三新 members took part, the studio's visit of that day, the lecture's speaker
  and topic, and how many of those present have claimed a public service — by the
  三个一's own rule (a claim with verified hours, ``volunteering.selectors``).

Attendance is counted as the activities core counts it (each person once, whatever
the sessions). The credited office is the organiser's unit (the studio's for a
主题党日), in the newsletter's short form (``OFFICE_NAMES``).
"""

import datetime as dt

from django.db.models import Count
from django.utils import dateformat, timezone

from jiedao.activities.models import Activity, Attendance, Session
from jiedao.activities.selectors import activity_attendance_by_category, attendance_total
from jiedao.activities.stories import Paragraph, Source, Story
from jiedao.org.models import Unit
from jiedao.party.models import Lecture, PartyMember, PartyStudio
from jiedao.volunteering.selectors import first_verified_service

# How the newsletter credits an office whose unit name is longer.
OFFICE_NAMES = {"党群服务中心": "党群中心"}


def office_name(unit: Unit) -> str:
    return OFFICE_NAMES.get(unit.name, unit.name)


def _speaker(lecture: Lecture) -> str:
    name = lecture.speaker.name if lecture.speaker is not None else lecture.speaker_name
    return f"{lecture.speaker_title}{name}"


def _day(session: Session | None) -> str:
    return f"{dateformat.format(timezone.localtime(session.starts_at), 'Y年n月j日')}，" if session else ""


def _campaign(lecture: Lecture) -> str:
    """四史学习教育 as the newsletter writes it: “四史”学习教育."""
    campaign = lecture.campaign.strip()
    if not campaign or campaign.startswith("“"):
        return campaign
    if campaign.endswith("学习教育") and campaign != "学习教育":
        return f"“{campaign.removesuffix('学习教育')}”学习教育"
    return f"“{campaign}”"


def _lecture_story(lecture: Lecture, sessions: list[Session]) -> Story:
    activity = lecture.activity
    first = sessions[0] if sessions else None
    total = attendance_total(activity_attendance_by_category(activity.pk))
    where = f"在{activity.residential_area.name}居民区" if activity.residential_area else ""
    places = "、".join(dict.fromkeys(s.place for s in sessions))
    campaign = _campaign(lecture)
    text = f"{_day(first)}{_speaker(lecture)}{where}主讲{campaign}党课，主题为“{lecture.topic}”"
    text += f"（地点：{places}）。" if places else "。"
    if total:
        text += f"共{total}人参加了党课。"
    sources = (
        Source.of(lecture, f"党课：{lecture.topic}"),
        Source.of(activity, "签到记录"),
        *(Source.of(s, "场次签到") for s in sessions),
    )
    paragraphs = [Paragraph(text, sources)]
    if activity.description.strip() and activity.description.strip() != lecture.topic:
        paragraphs.append(Paragraph(activity.description.strip(), (Source.of(activity, "活动说明"),)))
    speaker = lecture.speaker.name if lecture.speaker is not None else lecture.speaker_name
    return Story(
        kicker="",
        title=f"{lecture.speaker_title}{speaker}主讲{campaign}党课",
        subtitle="",
        office=office_name(activity.organiser),
        paragraphs=tuple(paragraphs),
        activity_ids=(activity.pk,),
    )


def _visits_of_the_day(studio: PartyStudio | None, day: dt.date, people: list[int]) -> list[Paragraph]:
    """The studio's visits on the theme day (the first step of its 三个一), each with
    how many of ``people`` signed in there: two queries."""
    if studio is None:
        return []
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    sessions = list(
        Session.objects.filter(
            activity__subdistrict_id=studio.subdistrict_id,
            activity__kind=Activity.Kind.VISIT,
            activity__organiser_id=studio.unit_id,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("activity")
        .order_by("starts_at", "id")
    )
    if not sessions:
        return []
    counts = dict(
        Attendance.objects.filter(session__in=sessions, person_id__in=people)
        .order_by()
        .values("session__activity_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("session__activity_id", "n")
    )
    paragraphs = []
    for activity_id in dict.fromkeys(s.activity_id for s in sessions):
        mine = [s for s in sessions if s.activity_id == activity_id]
        places = "、".join(dict.fromkeys(s.place for s in mine))
        text = f"{counts.get(activity_id, 0)}名“三新”党员参观了{places}。"
        paragraphs.append(Paragraph(text, (Source.of(mine[0].activity, "参观签到记录"),)))
    return paragraphs


def _theme_day_story(lecture: Lecture, sessions: list[Session]) -> Story:
    activity = lecture.activity
    sd = activity.subdistrict_id
    first = sessions[0] if sessions else None
    studio = PartyStudio.objects.select_related("unit").filter(subdistrict_id=sd).order_by("id").first()
    host = studio.unit if studio is not None else activity.organiser
    present = Attendance.objects.filter(session__activity_id=activity.pk).values("person_id")
    sanxin = list(
        PartyMember.objects.filter(person_id__in=present)
        .exclude(category="")
        .order_by("id")
        .values_list("pk", "person_id")
    )
    total = attendance_total(activity_attendance_by_category(activity.pk))
    paragraphs = []

    text = f"{_day(first)}{host.name}组织“三新”党员开展了{activity.title}，{len(sanxin)}名“三新”党员参加了活动。"
    if total > len(sanxin):
        text = text.removesuffix("。") + f"（到会共{total}人）。"
    member_sources = tuple(Source("party.partymember", pk, "三新党员") for pk, _p in sanxin)
    paragraphs.append(
        Paragraph(text, (Source.of(lecture, "主题党日"), Source.of(activity, "签到记录"), *member_sources))
    )

    if first is not None:
        day = timezone.localtime(first.starts_at).date()
        paragraphs += _visits_of_the_day(studio, day, [p for _pk, p in sanxin])

    paragraphs.append(
        Paragraph(f"由{_speaker(lecture)}主讲“{lecture.topic}”。", (Source.of(lecture, f"党课：{lecture.topic}"),))
    )

    served = first_verified_service(subdistrict_id=sd, person_ids=[p for _pk, p in sanxin])
    if sanxin:
        n = len(served)
        text = (
            f"到会的{n}名“三新”党员均认领了社区公益服务。"
            if n == len(sanxin)
            else f"到会的“三新”党员中，{n}人已认领社区公益服务。"
        )
        claims = tuple(Source("volunteering.claim", s.claim_id, s.task) for s in served.values())
        paragraphs.append(Paragraph(text, (Source.of(activity, "签到记录"), *claims)))

    name = studio.name if studio is not None else host.name
    return Story(
        kicker="",
        title=f"{name}举办主题党日活动",
        subtitle="",
        office=office_name(host),
        paragraphs=tuple(paragraphs),
        activity_ids=(activity.pk,),
    )


def party_story(activity: Activity) -> Story | None:
    """The story of a lecture or a 主题党日; None for any other activity."""
    if activity.kind != Activity.Kind.LECTURE:
        return None
    lecture = (
        Lecture.objects.select_related("activity__organiser", "activity__residential_area", "speaker")
        .filter(activity_id=activity.pk)
        .first()
    )
    if lecture is None:
        return None
    sessions = list(Session.objects.filter(activity_id=activity.pk).order_by("starts_at", "id"))
    if lecture.kind == Lecture.Kind.THEME_DAY:
        return _theme_day_story(lecture, sessions)
    return _lecture_story(lecture, sessions)
