"""A training class written up for the newsletter (``jiedao.activities.stories``): the
provider, the sessions, the trainees (of them registered job seekers), what the course
teaches and the level it leads to, how many completed, the required works the
trainees made (with a photo of each) — every figure from the class's records and
counted by the programme's own rules (``services.completion``: who is on the class,
who completed).

The credited office is ``OFFICE``: the labour office runs the training desk, and the
newsletter credits its service window (社区受理中心).
"""

from decimal import Decimal

from django.utils import dateformat, timezone

from jiedao.activities.models import Activity, Session
from jiedao.activities.stories import Paragraph, Photo, Source, Story
from jiedao.training.models import Enrolment, Grade, RequiredWork, TrainingClass, Work
from jiedao.training.services.completion import ON_CLASS, hours_required

OFFICE = "社区受理中心"
LABOUR_OFFICE = "街道劳动保障事务所"
# What a course's grade reads as in a sentence: 达到{…}水平.
LEVELS = {
    Grade.SPECIAL: "专项职业能力",
    Grade.LEVEL_5: "五级/初级工职业技能",
    Grade.LEVEL_4: "四级/中级工职业技能",
    Grade.LEVEL_3: "三级/高级工职业技能",
    Grade.LEVEL_2: "二级/技师职业技能",
    Grade.LEVEL_1: "一级/高级技师职业技能",
}


def _hours(value: Decimal) -> str:
    """16 for 16.0, 7.5 for 7.50."""
    return f"{value.normalize():f}"


def _dates(sessions: list[Session]) -> str:
    if not sessions:
        return ""
    first = timezone.localtime(sessions[0].starts_at).date()
    last = timezone.localtime(sessions[-1].starts_at).date()
    start = dateformat.format(first, "Y年n月j日")
    if first == last:
        return f"{start}，"
    return f"{start}至{dateformat.format(last, 'n月j日' if first.year == last.year else 'Y年n月j日')}，"


def training_story(activity: Activity) -> Story | None:
    """The story of a training class; None for any other activity."""
    if activity.kind != Activity.Kind.CLASS:
        return None
    c = (
        TrainingClass.objects.select_related("course", "provider__unit", "activity__subdistrict")
        .filter(activity_id=activity.pk)
        .first()
    )
    if c is None:
        return None
    course = c.course
    sessions = list(Session.objects.filter(activity_id=activity.pk).order_by("starts_at", "id"))
    enrolments = list(Enrolment.objects.filter(training_class=c, status__in=ON_CLASS).order_by("id"))
    required = list(RequiredWork.objects.filter(course=course).order_by("position", "id"))
    works = list(
        Work.objects.filter(enrolment__in=enrolments, mark=Work.Mark.PASSED, required_work__in=required)
        .order_by("required_work__position", "id")
        .only("pk", "required_work_id", "photo")
    )
    provider = c.provider.unit.name
    level = LEVELS.get(Grade(course.grade), course.get_grade_display())
    job_seekers = [e for e in enrolments if e.job_seeker_at_enrolment]
    class_source = Source.of(c, f"培训班：{c.name}")

    text = f"{_dates(sessions)}{LABOUR_OFFICE}联合{provider}开展了{len(sessions)}场{course.name}{level}培训，"
    text += f"共{len(enrolments)}名学员参加培训"
    text += f"，其中登记求职者{len(job_seekers)}名。" if job_seekers else "。"
    paragraphs = [
        Paragraph(
            text,
            (
                class_source,
                *(Source.of(s, "场次") for s in sessions),
                *(Source.of(e, "学员报名") for e in enrolments),
            ),
        )
    ]
    if course.description.strip():
        paragraphs.append(Paragraph(course.description.strip(), (Source.of(course, f"培训项目：{course.name}"),)))

    completed = [e for e in enrolments if e.status == Enrolment.Status.COMPLETED]
    closed = completed or any(e.status == Enrolment.Status.NOT_COMPLETED for e in enrolments)
    if closed:
        need = _hours(hours_required(course))
        paragraphs.append(
            Paragraph(
                f"完成规定课时（{need}课时）并通过作品考核的{len(completed)}名学员顺利结业，达到{level}水平。",
                (class_source, Source.of(course, "结业条件"), *(Source.of(e, "结业") for e in completed)),
            )
        )

    if required:
        names = "、".join(r.name for r in required)
        text = f"在实操阶段，学员们亲手制作了{names}等{len(required)}个作品"
        text += f"，共{len(works)}件作品评定合格。" if works else "。"
        paragraphs.append(
            Paragraph(
                text,
                (
                    *(Source.of(r, "必做作品") for r in required),
                    *(Source("training.work", w.pk, "作品") for w in works),
                ),
            )
        )

    names_by_id = {r.pk: r.name for r in required}
    photos: dict[int, Photo] = {}
    for work in works:
        if work.photo and work.required_work_id not in photos:
            name = names_by_id[work.required_work_id]
            photos[work.required_work_id] = Photo(
                Source("training.work", work.pk, name), work.photo.name, f"学员作品：{name}"
            )
    return Story(
        kicker="",
        title=f"{c.activity.subdistrict.name}开展{course.name}{level}培训",
        subtitle="",
        office=OFFICE,
        paragraphs=tuple(paragraphs),
        activity_ids=(activity.pk,),
        photos=tuple(photos.values()),
    )
