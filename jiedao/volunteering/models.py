"""Claiming public-service work (认领公益服务).

A ``Task`` (需求清单的一项) is an ``activities.Activity`` of kind SERVICE with what
a volunteer needs to know (skills, contact, the hours a shift is worth); each
``Shift`` is one of its activity's ``Session``s with a number of places, so QR
sign-in and sign-out work as for any activity. A ``Claim`` is one person's hold
on one shift: claimed, waiting, offered a freed place, cancelled. The shift's
``claimed`` counter (claims and open offers) never exceeds its ``capacity``: the
database refuses it. A ``ServiceRecord`` holds the hours of one claim, from
sign-in/sign-out or reported by the volunteer, verified by the organiser. A
``Certificate`` (志愿服务记录证明, 民政部令第67号) is issued once per person and period.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.activities.models import Activity, Session
from jiedao.org.models import ResidentialArea, TenantOwned
from jiedao.people.models import Person


class Rounding(models.TextChoices):
    DOWN = "down", _("向下取整")
    NEAREST = "nearest", _("四舍五入")
    UP = "up", _("向上取整")


class ProgrammeSettings(TenantOwned):
    """The sub-district's rules for claiming and for hours, and the issuer printed on
    certificates (one row per sub-district; defaults until the centre changes them)."""

    cancel_cutoff_hours = models.PositiveIntegerField(
        _("取消截止（开始前小时数）"), default=24, help_text=_("此后不能再取消认领")
    )
    offer_hours = models.PositiveIntegerField(_("候补保留时长（小时）"), default=12, validators=[MinValueValidator(1)])
    rounding_minutes = models.PositiveIntegerField(
        _("时长取整单位（分钟）"), default=30, validators=[MinValueValidator(1)]
    )
    rounding = models.CharField(_("取整方式"), max_length=8, choices=Rounding.choices, default=Rounding.NEAREST)
    issuer_name = models.CharField(_("出具组织"), max_length=100, blank=True)
    person_in_charge = models.CharField(_("负责人"), max_length=64, blank=True)
    handler = models.CharField(_("经办人"), max_length=64, blank=True)
    issuer_contact = models.CharField(_("出具组织联系电话"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("公益服务设置")
        verbose_name_plural = pgettext_lazy("plural", "公益服务设置")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict"], name="volunteering_settings_one_per_subdistrict"),
            models.CheckConstraint(condition=Q(offer_hours__gte=1), name="volunteering_settings_offer_hours"),
            models.CheckConstraint(condition=Q(rounding_minutes__gte=1), name="volunteering_settings_rounding"),
        ]


class Need(TenantOwned):
    """A residents' need reported by a residential area (居民需求), which the centre
    may turn into a task."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ADOPTED = "adopted", _("已转为任务")
        DECLINED = "declined", _("不予采纳")

    residential_area = models.ForeignKey(
        ResidentialArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("居民区")
    )
    title = models.CharField(_("需求"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("居民需求")
        verbose_name_plural = pgettext_lazy("plural", "居民需求")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Task(TenantOwned):
    """A public-service task of the catalogue; its title, description and organiser
    are those of its activity."""

    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="volunteer_task", verbose_name=_("活动")
    )
    need = models.OneToOneField(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="task", verbose_name=_("来源需求")
    )
    skills = models.CharField(_("所需技能"), max_length=200, blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=100)
    hours_per_shift = models.DecimalField(_("每班次服务时长（小时）"), max_digits=4, decimal_places=1)
    is_open = models.BooleanField(_("开放认领"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公益服务任务")
        verbose_name_plural = pgettext_lazy("plural", "公益服务任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_shift__gt=0) & Q(hours_per_shift__lte=24), name="volunteering_task_hours"
            ),
        ]

    def __str__(self) -> str:
        return self.activity.title


class Shift(TenantOwned):
    """One shift (班次) of a task: an activities session with a number of places."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("任务"))
    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, related_name="volunteer_shift", verbose_name=_("场次")
    )
    capacity = models.PositiveIntegerField(_("名额"))
    # Claims plus open offers: a held place counts until it is cancelled or lapses.
    claimed = models.PositiveIntegerField(_("已认领"), default=0)

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = pgettext_lazy("plural", "班次")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="volunteering_shift_capacity_positive"),
            models.CheckConstraint(
                condition=Q(claimed__gte=0) & Q(claimed__lte=F("capacity")), name="volunteering_shift_not_over"
            ),
        ]

    def __str__(self) -> str:
        return str(self.session)

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.claimed)


HOLDING = ("claimed", "offered")  # the statuses that hold a place
ACTIVE = ("claimed", "offered", "waiting")


class Claim(TenantOwned):
    class Status(models.TextChoices):
        CLAIMED = "claimed", _("已认领")
        WAITING = "waiting", _("候补中")
        OFFERED = "offered", _("候补递补待确认")
        CANCELLED = "cancelled", _("已取消")
        LAPSED = "lapsed", _("递补已过期")

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="claims", verbose_name=_("班次"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="volunteer_claims", verbose_name=_("志愿者")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CLAIMED)
    offer_expires_at = models.DateTimeField(_("递补确认截止"), null=True, blank=True)
    # When the centre last changed the shift's time or place while this claim was
    # active: the volunteer's page shows the notice until the shift starts.
    shift_changed_at = models.DateTimeField(_("班次变更时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("认领")
        verbose_name_plural = pgettext_lazy("plural", "认领")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"], condition=Q(status__in=ACTIVE), name="volunteering_claim_one_active"
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="volunteering_claim_offer_expires",
            ),
        ]
        indexes = [models.Index(fields=["shift", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.shift}"


class ServiceRecord(TenantOwned):
    """The hours of one claim (服务记录)."""

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", _("扫码签到签退")
        REPORTED = "reported", _("本人申报")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        VERIFIED = "verified", _("已核实")
        REJECTED = "rejected", _("未通过")

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="record", verbose_name=_("认领"))
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = pgettext_lazy("plural", "服务记录")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24), name="volunteering_record_hours_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False),
                name="volunteering_record_verified_when",
            ),
        ]


class Volunteer(TenantOwned):
    """A person's volunteer number (志愿者编号), given at their first claim."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="volunteer", verbose_name=_("人员"))
    number = models.CharField(_("志愿者编号"), max_length=32)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = pgettext_lazy("plural", "志愿者")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "number"], name="volunteering_volunteer_unique_number"),
        ]


class Certificate(TenantOwned):
    """志愿服务记录证明: a snapshot of one person's verified hours for a period, with
    what 民政部令第67号 asks it to show (identity, hours and content, the issuer with its
    person in charge, handler and contact, number, date). One valid certificate per
    person and period; a revoked one stays (the public check shows it revoked) and the
    period may be certified again under a new number."""

    ID_TYPE = "居民身份证"

    number = models.CharField(_("证明编号"), max_length=32, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="volunteer_certificates", verbose_name=_("志愿者")
    )
    name = models.CharField(_("姓名"), max_length=64, default="")
    id_type = models.CharField(_("证件类型"), max_length=16, default=ID_TYPE)
    # Masked but the last four (``core.validators.mask_id_number_last_four``): never the full number.
    id_number_masked = models.CharField(_("证件号码"), max_length=32, default="")
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=7, decimal_places=2)
    content = models.TextField(_("服务内容"))
    volunteer_number = models.CharField(_("志愿者编号"), max_length=32)
    issuer_name = models.CharField(_("出具组织"), max_length=100)
    person_in_charge = models.CharField(_("负责人"), max_length=64)
    handler = models.CharField(_("经办人"), max_length=64)
    issuer_contact = models.CharField(_("联系电话"), max_length=100, default="")
    issued_on = models.DateField(_("出具日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = pgettext_lazy("plural", "志愿服务记录证明")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period_start", "period_end"],
                condition=Q(revoked_at__isnull=True),
                name="volunteering_certificate_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="volunteering_certificate_revoked_why",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="volunteering_certificate_period"
            ),
            models.CheckConstraint(condition=Q(hours__gt=Decimal(0)), name="volunteering_certificate_hours"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
