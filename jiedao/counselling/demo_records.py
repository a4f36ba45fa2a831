"""Demo session records of past appointments (loaded after the booking demo).

For each attended appointment of the demo sub-district that has no record yet, a
short invented record (notes, topics, a low risk level): enough for the counsellor's
pages and the statistics to show something. Idempotent: an appointment with a
record is left alone. Written directly (the loader audits the whole load once).
"""

from django.utils import timezone

from jiedao.counselling.models import Appointment, RiskLevel, SessionRecord, Topic
from jiedao.demo.loader import DemoContext, demo_step

# Invented, generic, and without any diagnosis (counsellors do not diagnose).
_NOTES = (
    ("近期加班多，睡眠不足，感到烦躁。一起梳理了压力来源，练习了呼吸放松。约定两周后再谈。", ("work_stress",), "low"),
    ("与家人沟通时容易争吵。讨论了表达需要的方式，布置了记录情绪的小练习。", ("family", "emotions"), "none"),
    ("对转岗有顾虑，担心学不会新技能。梳理了优势和可用的培训资源。", ("career",), "none"),
    ("与同事相处紧张，常独自生闷气。角色扮演了一次沟通场景，来访者表示愿意尝试。", ("relationships",), "low"),
    ("情绪低落约一个月，食欲一般。评估暂无危险，建议保持作息并在下次复谈。", ("emotions", "health"), "moderate"),
)


@demo_step("counselling_records", after=("counselling",))
def load_counselling_records(ctx: DemoContext) -> None:
    appointments = list(
        Appointment.objects.filter(
            subdistrict=ctx.subdistrict,
            status=Appointment.Status.ATTENDED,
            starts_at__lt=timezone.now(),
            record__isnull=True,
        )
        .select_related("counsellor__person")
        .order_by("starts_at", "pk")
    )
    rows = []
    for i, appointment in enumerate(appointments):
        notes, topics, risk = _NOTES[i % len(_NOTES)]
        rows.append(
            SessionRecord(
                subdistrict=ctx.subdistrict,
                appointment=appointment,
                notes=notes,
                topics=",".join(t for t in Topic.values if t in topics),
                risk_level=RiskLevel(risk),
                written_by=appointment.counsellor.person.user,
            )
        )
    SessionRecord.objects.bulk_create(rows)  # the fields encrypt in bulk too (get_prep_value)
    ctx.count(SessionRecord, len(rows))
