"""A joint meeting written up for the newsletter (``jiedao.activities.stories``), from
its minutes (``selectors.minutes_of``: the same records and counting rules as the
minutes PDF, in a constant number of queries).

The story reads as the newsletter's: who attended of note (name and post), who hosted,
the reports, the regulations adopted and the items deliberated with their outcome
(审议通过《…》…三项议题), the ceremony, the requirements of a speech as list items, the
commendations (对……的7家单位进行表彰) and everyone present by category with the total
(……等90人参加了会议). Every paragraph names the records its facts come from.

A guest's post is the note of their invitation (``Registration.note``): the registry
keeps no posts. The credited office is ``OFFICE``: the meeting's record names its
convenor (街道总工会), while the newsletter credits the party-building office that
writes up the sub-district's joint meetings.
"""

from django.utils import dateformat, timezone

from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Registration
from jiedao.activities.stories import Paragraph, Photo, Source, Story
from jiedao.meetings.models import AgendaItem, Meeting
from jiedao.meetings.selectors import Minutes, minutes_of

OFFICE = "党建办"
_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """三 for 3, 十二 for 12, 二十 for 20 (the newsletter's 三项议题, 三点要求); digits past 99."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"
    return str(n)


def quoted(title: str) -> str:
    """A document's title in 《》, as typed or not."""
    title = title.strip()
    return title if title.startswith("《") else f"《{title}》"


def _named(registration: Registration) -> str:
    assert registration.person is not None
    return f"{registration.note}{registration.person.name}" if registration.note else registration.person.name


def _opening(m: Minutes, meeting: Meeting) -> Paragraph:
    activity = meeting.activity
    session = m.session
    when = f"{dateformat.format(timezone.localtime(session.starts_at), 'Y年n月j日')}，" if session else ""
    lead = meeting.summary.strip() or f"{when}{activity.organiser.name}召开{activity.title}。"
    # Guests first (as the newsletter lists them), then the host, then the other officials.
    order: dict[str, int] = {Registration.Role.GUEST: 0, Registration.Role.HOST: 1}
    officials = sorted(m.officials, key=lambda r: order.get(r.role, 2))
    guests = [r for r in officials if r.role in (Registration.Role.GUEST, Registration.Role.HOST)]
    text = lead
    if guests:
        text += "，".join(_named(r) for r in guests) + "等参加会议。"
    if m.host_name:
        text += f"{m.host_name}主持会议。"
    sources = [Source.of(meeting, "会议"), *(Source.of(r, f"邀请：{r.person}") for r in guests)]
    return Paragraph(text, tuple(sources))


def _reports(m: Minutes, posts: dict[int, str]) -> Paragraph | None:
    reports = [i for i in m.agenda if i.kind == AgendaItem.Kind.REPORT]
    if not reports:
        return None
    parts = []
    for item in reports:
        who = f"{posts.get(item.presenter_id or 0, '')}{item.presenter.name}" if item.presenter else "会议"
        parts.append(f"{who}通报了{item.title}")
    return Paragraph("；".join(parts) + "。", tuple(Source.of(i) for i in reports))


def _decisions(m: Minutes) -> Paragraph | None:
    """Regulations adopted, then the items deliberated, grouped by outcome."""
    adoptions = [i for i in m.agenda if i.kind == AgendaItem.Kind.ADOPTION]
    deliberations = [i for i in m.agenda if i.kind == AgendaItem.Kind.DELIBERATION]
    if not adoptions and not deliberations:
        return None
    clauses = []
    adopted = [i for i in adoptions if i.outcome == AgendaItem.Outcome.PASSED]
    if adopted:
        titles = "".join(
            quoted(i.regulation_version.regulation.title if i.regulation_version else i.title) for i in adopted
        )
        clauses.append(f"会议通过了{titles}")
    outcomes = (
        (AgendaItem.Outcome.PASSED, "审议通过{titles}{n}项议题"),
        (AgendaItem.Outcome.REJECTED, "{titles}{n}项议题未获通过"),
        (AgendaItem.Outcome.DEFERRED, "{titles}{n}项议题暂缓审议"),
        ("", "审议了{titles}{n}项议题"),
    )
    for outcome, wording in outcomes:
        items = [i for i in deliberations if i.outcome == outcome]
        if items:
            titles = "".join(quoted(i.title) for i in items)
            clauses.append(wording.format(titles=titles, n=chinese_number(len(items))))
    others = [i for i in adoptions if i.outcome != AgendaItem.Outcome.PASSED]
    for item in others:
        title = quoted(item.regulation_version.regulation.title if item.regulation_version else item.title)
        clauses.append(f"{title}{'暂缓审议' if item.outcome != AgendaItem.Outcome.REJECTED else '未获通过'}")
    if adopted and len(clauses) > 1:
        text = clauses[0] + "，并" + "，".join(clauses[1:]) + "。"
    else:
        text = ("会议" if not adopted else "") + "，".join(clauses) + "。"
    sources = [Source.of(i) for i in adoptions + deliberations]
    sources += [Source.of(i.regulation_version, "制度版本") for i in adopted if i.regulation_version]
    return Paragraph(text, tuple(sources))


def _ceremonies(m: Minutes) -> list[Paragraph]:
    paragraphs = []
    for item in m.agenda:
        if item.kind != AgendaItem.Kind.CEREMONY:
            continue
        who = f"{item.presenter.name}应邀为" if item.presenter else ""
        title = item.title
        if who and title.endswith("揭牌"):
            text = f"会上，{who}{title}。"
        else:
            text = f"会上，{item.presenter.name + '主持' if item.presenter else '举行'}{title}仪式。"
        paragraphs.append(Paragraph(text, (Source.of(item),)))
        if item.text.strip():
            paragraphs.append(Paragraph(item.text.strip(), (Source.of(item),)))
    return paragraphs


def _speeches(m: Minutes) -> list[Paragraph]:
    paragraphs = []
    for item in m.agenda:
        if item.kind != AgendaItem.Kind.SPEECH:
            continue
        requirements = list(item.requirements.all())
        who = item.presenter.name if item.presenter else ""
        title = item.title.strip()
        n = chinese_number(len(requirements))
        if who and title.startswith(("就", "对")) and requirements:
            text = f"{who}{title}："
        elif requirements:
            text = f"{who}作了讲话，提出{n}点要求：" if who else f"会议提出{n}点要求："
        else:
            text = f"{who}作了讲话（{title}）。" if who else f"会上作了讲话（{title}）。"
        sources = (Source.of(item), *(Source.of(r, "要求") for r in requirements))
        paragraphs.append(Paragraph(text, sources))
        paragraphs += [
            Paragraph(f"{n}、{r.text}", (Source.of(r, "要求"),), item=True) for n, r in enumerate(requirements, 1)
        ]
        if item.text.strip():
            paragraphs.append(Paragraph(item.text.strip(), (Source.of(item),)))
    return paragraphs


def _commendations(m: Minutes) -> list[Paragraph]:
    paragraphs = []
    for item in m.agenda:
        if item.kind != AgendaItem.Kind.COMMENDATION:
            continue
        commended = list(item.commendations.all())
        if not commended:
            continue
        n = len(commended)
        title = item.title.strip()
        if title.startswith("表彰") and title.endswith("的单位"):
            text = f"会议还对{title.removeprefix('表彰').removesuffix('的单位')}的{n}家单位进行表彰。"
        else:
            awards = "、".join(dict.fromkeys(c.award for c in commended))
            text = f"会议还表彰了{n}家单位（{awards}）。"
        sources = (Source.of(item), *(Source.of(c, f"表彰：{c.unit.name}") for c in commended))
        paragraphs.append(Paragraph(text, sources))
    return paragraphs


def _areas_of_chairs(meeting: Meeting) -> int:
    """How many residential areas the area union chairs present came from (one query)."""
    chairs = Attendance.objects.filter(
        session__activity_id=meeting.activity_id,
        category=AttendeeCategory.AREA_UNION_CHAIR,
        person__residential_area__isnull=False,
    )
    return chairs.values("person__residential_area").distinct().count()


def _attendance(m: Minutes, meeting: Meeting) -> Paragraph | None:
    if not m.total:
        return None
    parts = []
    for c in m.categories:
        if not c.count:
            continue
        areas = _areas_of_chairs(meeting) if c.category == AttendeeCategory.AREA_UNION_CHAIR else 0
        parts.append(f"{areas}个居民区的工会主席{c.count}人" if areas else f"{c.label}{c.count}人")
    text = "，".join(parts) + f"等{m.total}人参加了会议。"
    sources = (Source.of(meeting.activity, "签到记录"), *(Source.of(s, "场次签到") for s in m.sessions))
    return Paragraph(text, sources)


def meeting_story(activity: Activity) -> Story | None:
    """The story of a joint meeting, or None when ``activity`` is no meeting's."""
    if activity.kind != Activity.Kind.MEETING:
        return None
    meeting = Meeting.objects.select_related("activity__organiser", "host").filter(activity_id=activity.pk).first()
    if meeting is None:
        return None
    m = minutes_of(meeting)
    posts = {r.person_id: r.note for r in m.officials if r.person_id and r.note}
    paragraphs = [
        _opening(m, meeting),
        _reports(m, posts),
        _decisions(m),
        *_ceremonies(m),
        *_speeches(m),
        *_commendations(m),
        _attendance(m, meeting),
    ]
    photos = tuple(Photo(Source.of(p, "会议照片"), p.image.name, p.caption) for p in m.photos if p.image)
    return Story(
        kicker="",
        title=f"{meeting.activity.title}举行",
        subtitle="",
        office=OFFICE,
        paragraphs=tuple(p for p in paragraphs if p is not None),
        activity_ids=(meeting.activity_id,),
        photos=photos,
    )
