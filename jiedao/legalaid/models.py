"""职工法律援助: a worker's case (``LegalAidCase``), its steps (``CaseStep``: every stage,
note and interruption of the limitation clock, with its date) and its documents
(``CaseDocument``: photos and PDFs stored outside the web root).

Confidential: the summary, the notes and the outcome are encrypted at rest; only the
worker, the assigned handler and the legal-aid supervisor read a case, and every read
is audited (``services.case_read``). The limitation deadline is derived from the
case's dates and its interruptions (``clock.limitation``) and kept on the row
(``limitation_deadline``) only so that lists can sort and warn without reading steps.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.core.crypto import blind_index
from jiedao.core.fields import EncryptedTextField
from jiedao.org.models import TenantOwned, Unit
from jiedao.people.models import Person


class DisputeType(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("欠薪")
    LABOUR_CONTRACT = "labour_contract", _("劳动合同")
    WORK_INJURY = "work_injury", _("工伤")
    SOCIAL_INSURANCE = "social_insurance", _("社保")
    OVERTIME = "overtime", _("加班")
    DISMISSAL = "dismissal", _("解除劳动关系")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    CONSULTATION = "consultation", _("咨询")
    ACCEPTED = "accepted", _("受理")
    REJECTED = "rejected", _("不予受理")
    MEDIATION = "mediation", _("调解")
    ARBITRATION = "arbitration", _("仲裁")
    LITIGATION = "litigation", _("诉讼")
    CLOSED = "closed", _("结案")


# Stages after which nothing more happens to a case.
FINAL_STAGES = frozenset({Stage.REJECTED, Stage.CLOSED})


class Channel(models.TextChoices):
    ONLINE = "online", _("本人网上申请")
    DESK = "desk", _("社区受理中心窗口")
    PHONE = "phone", _("电话")


def person_key(person_id: int) -> str:
    """The keyed hash that stands for the worker on a case past retention (and in the
    statistics, for every case), so distinct workers can still be counted."""
    return blind_index(str(person_id), purpose="legalaid.case.person")


class LegalAidCase(TenantOwned):
    # None only once retention purged the case (``services.retention``).
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="legal_aid_cases", verbose_name=_("职工")
    )
    person_key = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("申请方式"), max_length=16, choices=Channel.choices)
    dispute_type = models.CharField(_("争议类型"), max_length=20, choices=DisputeType.choices)
    employer_name = models.CharField(_("用人单位"), max_length=100)
    employer_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("登记的单位")
    )
    summary = EncryptedTextField(_("事情经过"))
    knew_on = models.DateField(_("知道权利被侵害之日"))
    employment_ended_on = models.DateField(_("劳动关系终止之日"), null=True, blank=True)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.CONSULTATION)
    stage_since = models.DateField(_("进入本阶段之日"))
    # When the current stage's next step is due (None: no due date).
    due_on = models.DateField(_("下一步期限"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_aid_cases",
        verbose_name=_("承办人"),
    )
    # The day the case was suspended (中止), while it is; None otherwise.
    suspended_since = models.DateField(_("中止之日"), null=True, blank=True)
    limitation_deadline = models.DateField(_("仲裁时效届满日"), null=True, blank=True)
    limitation_rule = models.CharField(_("时效依据"), max_length=20)
    outcome = EncryptedTextField(_("结案结果"), blank=True)
    amount_recovered = models.DecimalField(_("追回金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    opened_on = models.DateField(_("申请日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("登记人")
    )
    # When retention removed the personal details and documents (None: not yet).
    purged_at = models.DateTimeField(_("个人信息清除时间"), null=True, blank=True)
    # The last day the handler was reminded of the case's step (at most once a day).
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("法律援助案件")
        verbose_name_plural = pgettext_lazy("plural", "法律援助案件")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["subdistrict", "handler"], name="legalaid_case_handler"),
            models.Index(fields=["subdistrict", "opened_on"], name="legalaid_case_opened"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_recovered__isnull=True) | Q(amount_recovered__gte=0),
                name="legalaid_case_amount_not_negative",
            ),
            # Only a closed case has an amount recovered.
            models.CheckConstraint(
                condition=Q(stage="closed") | Q(amount_recovered__isnull=True), name="legalaid_case_amount_when_closed"
            ),
            models.CheckConstraint(
                condition=Q(employment_ended_on__isnull=True) | Q(employment_ended_on__lte=models.F("opened_on")),
                name="legalaid_case_ended_not_future",
            ),
            models.CheckConstraint(
                condition=Q(knew_on__lte=models.F("opened_on")), name="legalaid_case_knew_not_future"
            ),
            models.CheckConstraint(condition=Q(stage__in=[s.value for s in Stage]), name="legalaid_case_stage_known"),
            # Only a purged case names nobody, and only a final case is purged.
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(purged_at__isnull=False), name="legalaid_case_person_until_purged"
            ),
            models.CheckConstraint(
                condition=Q(purged_at__isnull=True) | Q(stage__in=["closed", "rejected"]),
                name="legalaid_case_purged_when_final",
            ),
            # A final case is not suspended.
            models.CheckConstraint(
                condition=Q(suspended_since__isnull=True) | ~Q(stage__in=["closed", "rejected"]),
                name="legalaid_case_final_not_suspended",
            ),
            models.CheckConstraint(
                condition=Q(dispute_type__in=[d.value for d in DisputeType]), name="legalaid_case_type_known"
            ),
        ]

    def __str__(self) -> str:
        # The audit log names a case by its number only: never the worker.
        return str(_("法律援助案件 #%(n)s") % {"n": self.pk})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person_id is not None and not self.person_key:
            self.person_key = person_key(self.person_id)
        super().save(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.stage in FINAL_STAGES

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None


class CaseStep(TenantOwned):
    """One thing that happened to a case, on a date: a stage entered, a note, a handler
    assigned, an interruption of the limitation period, a suspension (中止) of the case
    or its resumption.

    The history is never edited: a step entered by mistake is superseded by a later
    step that ``corrects`` it — of the same kind with the right date and note, or of
    kind ``withdrawn`` (nothing should have been recorded) — with the ``reason``. A
    step is corrected at most once (a correction may itself be corrected)."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("申请")
        STAGE = "stage", _("阶段变更")
        NOTE = "note", _("进展记录")
        ASSIGNED = "assigned", _("指派承办人")
        INTERRUPTION = "interruption", _("时效中断")
        SUSPENDED = "suspended", _("中止")
        RESUMED = "resumed", _("恢复办理")
        WITHDRAWN = "withdrawn", _("撤销误记")

    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("案件"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    on = models.DateField(_("日期"))
    note = EncryptedTextField(_("说明"), blank=True)
    due_on = models.DateField(_("下一步期限"), null=True, blank=True)
    # A suspension for force majeure or another proper reason also suspends the
    # limitation period (劳动争议调解仲裁法 art. 27(3)).
    suspends_limitation = models.BooleanField(_("仲裁时效同时中止"), default=False)
    corrects = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="+", verbose_name=_("更正的步骤")
    )
    reason = EncryptedTextField(_("更正原因"), blank=True)
    # A closing (a stage step to ``closed``, or its correction): the outcome and the
    # amount recovered as recorded then, so a corrected closing keeps its history and
    # the statistics read the amount as it stood at the end of a month.
    outcome = EncryptedTextField(_("结案结果"), blank=True)
    amount = models.DecimalField(_("追回金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("案件步骤")
        verbose_name_plural = pgettext_lazy("plural", "案件步骤")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=models.F("on")), name="legalaid_step_due_after_on"
            ),
            # A step is superseded at most once.
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(corrects__isnull=False), name="legalaid_step_corrected_once"
            ),
            models.CheckConstraint(
                condition=~Q(kind="withdrawn") | Q(corrects__isnull=False), name="legalaid_step_withdrawn_names_step"
            ),
            models.CheckConstraint(
                condition=Q(suspends_limitation=False) | Q(kind="suspended"), name="legalaid_step_tolls_if_suspended"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (Q(amount__gte=0) & Q(kind="stage", stage="closed")),
                name="legalaid_step_amount_on_closing",
            ),
        ]


class CaseDocument(TenantOwned):
    """A photo (re-encoded by ``core.images``) or a PDF (checked) of a case. Stored
    under ``MEDIA_ROOT`` with a random name; no URL serves it except the document
    view, after the case's access check."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("照片")
        PDF = "pdf", _("PDF")

    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="documents", verbose_name=_("案件"))
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to="legalaid/%Y/")
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Stored encrypted (``legalaid.files``); False only for a file stored before
    # encryption and not yet converted (``encrypt_legal_aid_documents``).
    encrypted = models.BooleanField(default=False, editable=False)
    # Deleted by the handler (or the worker, their own, before acceptance): the row
    # stays for the history, the file is removed.
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("案件材料")
        verbose_name_plural = pgettext_lazy("plural", "案件材料")
        ordering = ["uploaded_at", "id"]
        constraints = [
            # A deleted document has no file left.
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(file=""), name="legalaid_document_deleted_no_file"
            ),
        ]

    def __str__(self) -> str:
        return str(_("案件材料 #%(n)s") % {"n": self.pk})


class FileToDelete(TenantOwned):
    """A stored file whose row is gone or emptied (a purged case, a deleted document):
    removed after the commit; a removal that fails stays here and the next purge run
    retries it (``services.retention.delete_pending_files``)."""

    name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("待删除文件")
        verbose_name_plural = pgettext_lazy("plural", "待删除文件")
