"""工会经费: the yearly assessment of each enterprise, its payments, the split between
union levels, the reminders and escalation steps of arrears.

Money is ``Decimal`` with two places (the fen), computed with ROUND_HALF_UP
(``jiedao.dues.money``), never a float.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.core.fields import EncryptedTextField
from jiedao.core.validators import mask_phone
from jiedao.org.models import TenantOwned, Unit

MONEY = {"max_digits": 14, "decimal_places": 2}
WHOLE = 10_000  # 100 % in basis points
FIRST_YEAR, LAST_YEAR = 1950, 2200


class Channel(models.TextChoices):
    TAX = "tax", _("税务代收")
    TRANSFER = "transfer", _("直接划拨")


class Voidable(models.Model):
    """A row cancelled as entered by mistake (作废) is kept, with who, when and why;
    every sum, list and statistic leaves it out."""

    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


def _void_shape(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(voided_at__isnull=True, void_reason="") | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
        name=f"{prefix}_void_has_reason",
    )


class DuesYear(TenantOwned):
    """The rules of one year: the rate (2 % of the payroll unless the federation sets
    another) and the day by which a full payment counts as on time."""

    year = models.PositiveSmallIntegerField(_("年度"))
    rate = models.DecimalField(_("计拨比例"), max_digits=5, decimal_places=4, default=Decimal("0.0200"))
    due_on = models.DateField(_("交纳截止日期"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("经费年度")
        verbose_name_plural = pgettext_lazy("plural", "经费年度")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "year"], name="dues_year_unique"),
            models.CheckConstraint(condition=Q(rate__gt=0, rate__lte=1), name="dues_year_rate_range"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR), name="dues_year_range"),
        ]

    def __str__(self) -> str:
        return str(self.year)


class DuesSplit(TenantOwned):
    """How one year's money of one channel is shared between the union levels; the
    database refuses a split that does not add up to 100 %."""

    year = models.PositiveSmallIntegerField(_("年度"))
    channel = models.CharField(_("交纳渠道"), max_length=16, choices=Channel.choices)
    # In basis points (1/100 of a per cent: 6000 = 60 %), so that the sum is exact.
    enterprise_union = models.PositiveIntegerField(_("基层工会留成"))
    subdistrict_federation = models.PositiveIntegerField(_("街道总工会"))
    district_union = models.PositiveIntegerField(_("区总工会"))
    city_union = models.PositiveIntegerField(_("市总工会"))

    LEVELS = ("enterprise_union", "subdistrict_federation", "district_union", "city_union")

    class Meta:
        ordering = ["-year", "channel"]
        verbose_name = _("经费分成比例")
        verbose_name_plural = pgettext_lazy("plural", "经费分成比例")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "year", "channel"], name="dues_split_unique"),
            models.CheckConstraint(
                condition=Exact(
                    F("enterprise_union") + F("subdistrict_federation") + F("district_union") + F("city_union"),
                    WHOLE,
                ),
                name="dues_split_adds_up_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_channel_display()}"


class DuesAssessment(TenantOwned, Voidable):
    """工会经费 (or 工会筹备金 where the enterprise has no union) assessed for one
    enterprise and one year: the declared payroll base × the year's rate."""

    class Kind(models.TextChoices):
        DUES = "dues", _("工会经费")
        PREPARATORY = "preparatory", _("工会筹备金")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.DUES)
    channel = models.CharField(_("交纳渠道"), max_length=16, choices=Channel.choices)
    payroll_base = models.DecimalField(_("全年工资总额"), max_digits=14, decimal_places=2)
    rate = models.DecimalField(_("计拨比例"), max_digits=5, decimal_places=4)
    assessed = models.DecimalField(_("应缴金额"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("交纳截止日期"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    # The contact's mobile, for the SMS reminder: personal information, encrypted at rest.
    contact_phone = EncryptedTextField(_("联系人手机"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__name"]
        verbose_name = _("经费核定")
        verbose_name_plural = pgettext_lazy("plural", "经费核定")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(voided_at__isnull=True), name="dues_assessment_unique_unit_year"
            ),
            _void_shape("dues_assessment"),
            models.CheckConstraint(condition=Q(payroll_base__gte=0), name="dues_assessment_base_not_negative"),
            models.CheckConstraint(condition=Q(assessed__gte=0), name="dues_assessment_assessed_not_negative"),
            models.CheckConstraint(condition=Q(rate__gt=0, rate__lte=1), name="dues_assessment_rate_range"),
        ]
        indexes = [models.Index(fields=["subdistrict", "year"], name="dues_assessment_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone) if self.contact_phone else ""


class Statement(TenantOwned):
    """One imported payment statement (bank or tax bureau), for the record."""

    file_name = models.CharField(_("文件名"), max_length=200)
    channel = models.CharField(_("交纳渠道"), max_length=16, choices=Channel.choices)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    created = models.PositiveIntegerField(_("新增缴费"), default=0)
    unchanged = models.PositiveIntegerField(_("已导入过"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("缴费对账单")
        verbose_name_plural = pgettext_lazy("plural", "缴费对账单")

    def __str__(self) -> str:
        return self.file_name


class DuesPayment(TenantOwned, Voidable):
    """A payment towards an assessment. The reference (流水号) is unique per channel in
    the sub-district among the payments not voided: importing the same statement twice
    adds nothing, and a payment voided as wrong can be entered again correctly."""

    assessment = models.ForeignKey(
        DuesAssessment, on_delete=models.PROTECT, related_name="payments", verbose_name=_("经费核定")
    )
    paid_on = models.DateField(_("缴费日期"))
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    channel = models.CharField(_("交纳渠道"), max_length=16, choices=Channel.choices)
    reference = models.CharField(_("流水号"), max_length=64, blank=True)
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("对账单")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("经费缴费")
        verbose_name_plural = pgettext_lazy("plural", "经费缴费")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_payment_amount_positive"),
            models.UniqueConstraint(
                fields=["subdistrict", "channel", "reference"],
                condition=~Q(reference="") & Q(voided_at__isnull=True),
                name="dues_payment_unique_reference",
            ),
            _void_shape("dues_payment"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.amount}"


class ReminderSchedule(TenantOwned):
    """When the federation reminds an enterprise in arrears, and when the page
    suggests the next escalation step (days after the due date)."""

    first_after_days = models.PositiveSmallIntegerField(_("逾期多少天后首次提醒"), default=30)
    every_days = models.PositiveSmallIntegerField(_("此后每隔多少天提醒"), default=30)
    notice_after_days = models.PositiveSmallIntegerField(_("逾期多少天后发正式催缴通知"), default=90)
    order_after_days = models.PositiveSmallIntegerField(_("逾期多少天后可申请支付令"), default=180)
    #: The federation's phone, named in the SMS reminder (no SMS is sent while it is blank).
    phone = models.CharField(_("总工会联系电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("催缴安排")
        verbose_name_plural = pgettext_lazy("plural", "催缴安排")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict"], name="dues_schedule_one_per_subdistrict"),
            models.CheckConstraint(
                condition=Q(first_after_days__gte=1, every_days__gte=1), name="dues_schedule_positive"
            ),
            models.CheckConstraint(
                condition=Q(notice_after_days__gte=F("first_after_days"), order_after_days__gte=F("notice_after_days")),
                name="dues_schedule_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.subdistrict)


class ArrearsStep(TenantOwned):
    """One step taken about an assessment in arrears: a reminder (sent by the
    schedule or by hand), a formal notice, a 支付令 application (noted, not made here)."""

    class Step(models.TextChoices):
        REMINDER = "reminder", _("提醒")
        FORMAL_NOTICE = "formal_notice", _("正式催缴通知")
        PAYMENT_ORDER = "payment_order", _("申请支付令")

    assessment = models.ForeignKey(
        DuesAssessment, on_delete=models.PROTECT, related_name="steps", verbose_name=_("经费核定")
    )
    step = models.CharField(_("步骤"), max_length=16, choices=Step.choices)
    taken_on = models.DateField(_("日期"))
    arrears = models.DecimalField(_("当时欠缴"), max_digits=14, decimal_places=2)
    note = models.TextField(_("说明"), blank=True)
    emailed = models.BooleanField(_("已发邮件"), default=False)
    texted = models.BooleanField(_("已发短信"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "pk"]
        verbose_name = _("催缴记录")
        verbose_name_plural = pgettext_lazy("plural", "催缴记录")
        constraints = [
            models.CheckConstraint(condition=Q(arrears__gt=0), name="dues_step_arrears_positive"),
            # At most one text message about an assessment a day, whoever sends it.
            models.UniqueConstraint(
                fields=["assessment", "taken_on"], condition=Q(texted=True), name="dues_step_one_sms_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.get_step_display()}"


__all__ = [
    "ArrearsStep",
    "Channel",
    "DuesAssessment",
    "DuesPayment",
    "DuesSplit",
    "DuesYear",
    "ReminderSchedule",
    "Statement",
]
