"""Files made from the records: the class roster and results (xlsx), a session's
attendance sheet with signature lines (PDF), the subsidy ledger (xlsx)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from jiedao.activities.models import Session
from jiedao.core.pdf import render_pdf
from jiedao.core.spreadsheets.writing import XlsxWriter
from jiedao.core.validators import mask_id_number, mask_phone
from jiedao.training.models import Enrolment, TrainingClass, Work
from jiedao.training.services.completion import class_outcomes
from jiedao.training.services.hours import ClassHours
from jiedao.training.services.subsidies import LedgerLine


def roster_xlsx(training_class: TrainingClass) -> bytes:
    outcomes = class_outcomes(training_class)
    hours = ClassHours(training_class, [o.enrolment.person_id for o in outcomes])
    works = list(training_class.course.required_works.all())
    marks = {
        (w.enrolment_id, w.required_work_id): w.get_mark_display()
        for w in Work.objects.filter(enrolment__training_class=training_class)
    }
    certificates = dict(
        Enrolment.objects.filter(training_class=training_class, certificate__isnull=False).values_list(
            "pk", "certificate__number"
        )
    )
    book = XlsxWriter()
    sessions = [f"{s.starts_at:%m-%d}" for s in hours.sessions]
    header = [
        _("序号"),
        _("姓名"),
        _("身份证号"),
        _("手机号"),
        _("来源"),
        *[_("%(d)s课时") % {"d": d} for d in sessions],
        _("出勤课时"),
        _("要求课时"),
        *[w.name for w in works],
        _("状态"),
        _("结业证书编号"),
    ]
    sheet = book.sheet(_("学员名单"), header=header, text_columns=(2, 3), freeze_header=True)
    for index, o in enumerate(outcomes, 1):
        e = o.enrolment
        sheet.append(
            [
                index,
                e.person.name,
                mask_id_number(e.person.id_number),
                mask_phone(e.person.phone) if e.person.phone else "",
                e.get_source_display(),
                *[float(h) for h in hours.per_session(e.person_id)],
                float(o.hours),
                float(o.hours_required),
                *[marks.get((e.pk, w.pk), _("未提交")) for w in works],
                e.get_status_display(),
                certificates.get(e.pk, ""),
            ]
        )
    return book.content()


def attendance_sheet_pdf(training_class: TrainingClass, session: Session) -> bytes:
    """The printed sign-in sheet of one session: every trainee with a line to sign in
    and to sign out."""
    trainees = (
        Enrolment.objects.filter(training_class=training_class, status__in=Enrolment.SEAT_STATUSES)
        .select_related("person")
        .order_by("person__name", "id")
    )
    planned = getattr(session, "training_hours", None)
    context = {
        "training_class": training_class,
        "session": session,
        "hours": planned.hours if planned else None,
        "rows": [(i, e.person.name, mask_id_number(e.person.id_number)) for i, e in enumerate(trainees, 1)],
    }
    return render_pdf("training/attendance_sheet_pdf.html", context)


def money(amount: Decimal) -> float:
    """A Decimal amount (to the fen) as the number a spreadsheet cell holds: exact for
    every amount a ledger reaches (below 2⁵³ fen)."""
    return float(amount)


def ledger_xlsx(lines: list[LedgerLine], year: int) -> bytes:
    book = XlsxWriter()
    summary = book.sheet(
        _("%(y)d年补贴台账") % {"y": year},
        header=[_("培训机构"), _("申请笔数"), _("申请金额"), _("审核通过金额"), _("已拨付金额"), _("驳回笔数")],
        freeze_header=True,
    )
    for line in lines:
        summary.append(
            [line.provider, line.claims, money(line.claimed), money(line.approved), money(line.paid), line.rejected]
        )
    summary.append(
        [
            _("合计"),
            sum(line.claims for line in lines),
            money(sum((line.claimed for line in lines), Decimal(0))),
            money(sum((line.approved for line in lines), Decimal(0))),
            money(sum((line.paid for line in lines), Decimal(0))),
            sum(line.rejected for line in lines),
        ]
    )
    detail = book.sheet(
        _("明细"),
        header=[
            _("培训机构"),
            _("培训项目"),
            _("姓名"),
            _("身份证号"),
            _("证书编号"),
            _("开班时身份"),
            _("补贴标准"),
            _("比例"),
            _("补贴金额"),
            _("状态"),
            _("申请日期"),
            _("拨付日期"),
            _("驳回原因"),
        ],
        text_columns=(3, 4),
        freeze_header=True,
    )
    for line in lines:
        for claim in line.rows:
            e = claim.enrolment
            detail.append(
                [
                    line.provider,
                    e.training_class.course.name,
                    e.person.name,
                    mask_id_number(e.person.id_number),
                    claim.external_certificate.number,
                    claim.get_person_status_display(),
                    money(claim.base_amount),
                    float(claim.share),
                    money(claim.amount),
                    claim.get_status_display(),
                    claim.applied_on.isoformat(),
                    claim.paid_on.isoformat() if claim.paid_on else "",
                    claim.reject_reason,
                ]
            )
    return book.content()
