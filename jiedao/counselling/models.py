"""畅心屋: studios, counsellors, slots derived from weekly rules, appointments that
never double-book, and confidential session records.

Booking side: ``Studio`` (with its booking rules), ``Room``, ``Counsellor``,
``AvailabilityRule`` / ``AvailabilityException`` → generated ``Slot`` rows →
``Appointment`` and ``WaitlistEntry``. The database enforces one active appointment
per slot and (see migration 0002) no overlapping active appointments per counsellor.

Confidential side: ``Consent`` (单独同意, PIPL art. 29), ``SessionRecord`` (encrypted,
the assigned counsellor only; a supervisor may read one after stating a reason, and
every read is audited) and ``Referral`` (the recorded exception to confidentiality).
No diagnosis fields: counsellors do not diagnose (精神卫生法 art. 23).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.core.crypto import blind_index
from jiedao.core.fields import EncryptedTextField
from jiedao.org.models import TenantOwned
from jiedao.people.models import Person


class Studio(TenantOwned):
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    description = models.TextField(_("简介"), blank=True)
    # Booking rules, per studio.
    max_active_per_week = models.PositiveSmallIntegerField(_("每人每周有效预约上限"), default=1)
    min_notice_hours = models.PositiveSmallIntegerField(_("最短提前预约（小时）"), default=12)
    horizon_days = models.PositiveSmallIntegerField(_("可预约天数"), default=28)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(_("取消截止（开始前小时）"), default=4)
    waitlist_offer_hours = models.PositiveSmallIntegerField(_("候补保留（小时）"), default=12)
    open_on_makeup_workdays = models.BooleanField(_("调休上班日开放"), default=False)
    retention_days = models.PositiveIntegerField(_("咨询记录保存期限（天）"), default=3 * 365)
    is_active = models.BooleanField(_("开放"), default=True)

    class Meta:
        verbose_name = _("咨询室")
        verbose_name_plural = pgettext_lazy("plural", "咨询室")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "name"], name="counselling_studio_unique_name"),
            models.CheckConstraint(condition=Q(max_active_per_week__gte=1), name="counselling_studio_weekly_limit"),
            models.CheckConstraint(condition=Q(horizon_days__gte=1), name="counselling_studio_horizon"),
        ]

    def __str__(self) -> str:
        return self.name


class Room(TenantOwned):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("咨询室"))
    name = models.CharField(_("房间"), max_length=64)

    class Meta:
        verbose_name = _("房间")
        verbose_name_plural = pgettext_lazy("plural", "房间")
        ordering = ["studio", "name"]
        constraints = [models.UniqueConstraint(fields=["studio", "name"], name="counselling_room_unique_name")]

    def __str__(self) -> str:
        return f"{self.studio} {self.name}"


class Counsellor(TenantOwned):
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="counsellor_profile", verbose_name=_("人员")
    )
    qualification = models.CharField(_("资质"), max_length=100)
    certificate_number = models.CharField(_("证书编号"), max_length=64)
    introduction = models.TextField(_("简介"), blank=True)
    studios = models.ManyToManyField(Studio, related_name="counsellors", verbose_name=_("咨询室"))
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("咨询师")
        verbose_name_plural = pgettext_lazy("plural", "咨询师")
        ordering = ["person__name", "id"]

    def __str__(self) -> str:
        return self.person.name


class AvailabilityRule(TenantOwned):
    """Weekly hours (定时定点): every ``weekday`` from ``start_time`` to ``end_time`` in a room,
    cut into sessions of ``session_minutes`` with ``buffer_minutes`` between them."""

    counsellor = models.ForeignKey(Counsellor, on_delete=models.CASCADE, related_name="rules", verbose_name=_("咨询师"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="rules", verbose_name=_("房间"))
    weekday = models.PositiveSmallIntegerField(
        _("星期"),
        choices=[
            (0, _("星期一")),
            (1, _("星期二")),
            (2, _("星期三")),
            (3, _("星期四")),
            (4, _("星期五")),
            (5, _("星期六")),
            (6, _("星期日")),
        ],
    )
    start_time = models.TimeField(_("开始"))
    end_time = models.TimeField(_("结束"))
    session_minutes = models.PositiveSmallIntegerField(_("每次时长（分钟）"), default=50)
    buffer_minutes = models.PositiveSmallIntegerField(_("间隔（分钟）"), default=10)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("每周排班")
        verbose_name_plural = pgettext_lazy("plural", "每周排班")
        ordering = ["counsellor", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="counselling_rule_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="counselling_rule_weekday"),
            models.CheckConstraint(condition=Q(session_minutes__gte=10), name="counselling_rule_session_length"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="counselling_rule_validity"
            ),
        ]


class AvailabilityException(TenantOwned):
    """Leave (no slots that day, or in a part of it) or an extra day outside the rules."""

    class Kind(models.TextChoices):
        LEAVE = "leave", _("请假")
        EXTRA = "extra", _("加开")

    counsellor = models.ForeignKey(
        Counsellor, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("咨询师")
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    date = models.DateField(_("日期"))
    # Empty times on leave: the whole day. An extra day needs times and a room.
    start_time = models.TimeField(_("开始"), null=True, blank=True)
    end_time = models.TimeField(_("结束"), null=True, blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("房间"))
    session_minutes = models.PositiveSmallIntegerField(_("每次时长（分钟）"), default=50)
    buffer_minutes = models.PositiveSmallIntegerField(_("间隔（分钟）"), default=10)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("排班例外")
        verbose_name_plural = pgettext_lazy("plural", "排班例外")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="leave") | Q(start_time__isnull=False, end_time__isnull=False, room__isnull=False),
                name="counselling_exception_extra_needs_times",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True) | Q(end_time__gt=F("start_time")),
                name="counselling_exception_times",
            ),
        ]


class Slot(TenantOwned):
    """A bookable time, generated from the rules and exceptions (never typed by hand)."""

    counsellor = models.ForeignKey(Counsellor, on_delete=models.CASCADE, related_name="slots", verbose_name=_("咨询师"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="slots", verbose_name=_("房间"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    # A slot whose rule went away (leave, a holiday added later) is withdrawn, not deleted,
    # so that an appointment already booked on it keeps its row.
    is_withdrawn = models.BooleanField(_("已撤下"), default=False)

    class Meta:
        verbose_name = _("可预约时段")
        verbose_name_plural = pgettext_lazy("plural", "可预约时段")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["counsellor", "starts_at"], name="counselling_slot_unique_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="counselling_slot_end_after_start"),
        ]
        indexes = [models.Index(fields=["subdistrict", "starts_at"], name="counselling_slot_start_idx")]

    def __str__(self) -> str:
        return f"{self.counsellor} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


ACTIVE_STATUSES = ("booked", "attended", "no_show")


def person_key(person_id: int) -> str:
    """The keyed hash that stands for a person on an appointment past retention (and in
    the statistics, for every appointment), so distinct people can still be counted."""
    return blind_index(str(person_id), purpose="counselling.appointment.person")


def unlink_person(collector: Any, field: Any, sub_objs: Any, using: str) -> None:
    """``on_delete`` of ``Appointment.person``: like SET_NULL, but the appointment keeps
    the keyed hash of its person first (the database requires it of an unlinked row)."""
    key_field = Appointment._meta.get_field("person_key")
    for appointment in sub_objs:
        if appointment.person_id is not None and not appointment.person_key:
            collector.add_field_update(key_field, person_key(appointment.person_id), [appointment])
    collector.add_field_update(field, None, sub_objs)


class Appointment(TenantOwned):
    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        ATTENDED = "attended", _("已咨询")
        NO_SHOW = "no_show", _("未到")
        CANCELLED = "cancelled", _("已取消")

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("时段"))
    # Empty once the retention period is over (``retention.purge_expired``): the
    # appointment stays for the statistics, but no longer says who came. ``person_key``
    # (a keyed hash of the former person, ``core.crypto.blind_index``) keeps the
    # distinct-people counts right.
    person = models.ForeignKey(
        Person,
        on_delete=unlink_person,
        null=True,
        blank=True,
        related_name="counselling_appointments",
        verbose_name=_("来访者"),
    )
    person_key = models.CharField(max_length=64, blank=True, editable=False)
    # Copied from the slot so that the database can refuse overlaps per counsellor.
    counsellor = models.ForeignKey(
        Counsellor, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("咨询师")
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.BOOKED)
    # Anonymous towards everyone but the counsellor: staff lists show the pseudonym only.
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    pseudonym = models.CharField(_("化名"), max_length=32, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(_("预约时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = pgettext_lazy("plural", "预约")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status__in=ACTIVE_STATUSES), name="counselling_one_active_per_slot"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="counselling_appt_end_after_start"),
            # Purged appointments (no person) keep no pseudonym either.
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | ~Q(pseudonym="") | Q(person__isnull=True),
                name="counselling_anonymous_has_pseudonym",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(person_key=""), name="counselling_appt_unlinked_keeps_key"
            ),
        ]
        indexes = [models.Index(fields=["person", "starts_at"], name="counselling_appt_person_idx")]

    def __str__(self) -> str:
        return f"{self.slot}"

    @classmethod
    def on_slot(cls, slot: Slot, person: Person, **fields: object) -> "Appointment":
        """An unsaved appointment of ``person`` on ``slot``: sub-district, counsellor
        and times copied from the slot (the overlap constraint reads the copies)."""
        return cls(
            subdistrict_id=slot.subdistrict_id,
            slot=slot,
            person=person,
            counsellor_id=slot.counsellor_id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            **fields,
        )


class WaitlistEntry(TenantOwned):
    """候补: waiting for a studio's date; when an appointment is cancelled the first one
    waiting gets an offer of that slot until ``offer_expires_at``."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("候补中")
        OFFERED = "offered", _("已通知")
        BOOKED = "booked", _("已预约")
        EXPIRED = "expired", _("已过期")
        CANCELLED = "cancelled", _("已取消")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("咨询室"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("来访者"))
    date_from = models.DateField(_("最早日期"))
    date_to = models.DateField(_("最晚日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.WAITING)
    offered_slot = models.ForeignKey(
        Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("候补时段")
    )
    offer_expires_at = models.DateTimeField(_("保留至"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("候补")
        verbose_name_plural = pgettext_lazy("plural", "候补")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(date_to__gte=F("date_from")), name="counselling_waitlist_dates"),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offered_slot__isnull=False, offer_expires_at__isnull=False),
                name="counselling_waitlist_offer_complete",
            ),
            models.UniqueConstraint(
                fields=["studio", "person"],
                condition=Q(status__in=("waiting", "offered")),
                name="counselling_waitlist_once",
            ),
        ]


class Consent(TenantOwned):
    """单独同意 before the first session: the text shown, its version, the time."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("来访者"))
    version = models.CharField(_("版本"), max_length=16)
    text = models.TextField(_("告知内容"))
    agreed_at = models.DateTimeField(_("同意时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("单独同意")
        verbose_name_plural = pgettext_lazy("plural", "单独同意")
        ordering = ["-agreed_at", "-id"]
        constraints = [
            # One current consent per version; withdrawn ones stay as history.
            models.UniqueConstraint(
                fields=["person", "version"],
                condition=Q(withdrawn_at__isnull=True),
                name="counselling_consent_once_per_version",
            ),
        ]


class RiskLevel(models.TextChoices):
    NONE = "none", _("无")
    LOW = "low", _("低")
    MODERATE = "moderate", _("中")
    HIGH = "high", _("高（危及自身或他人）")


class Topic(models.TextChoices):
    WORK_STRESS = "work_stress", _("工作压力")
    FAMILY = "family", _("家庭关系")
    RELATIONSHIPS = "relationships", _("人际关系")
    EMOTIONS = "emotions", _("情绪困扰")
    CAREER = "career", _("职业发展")
    HEALTH = "health", _("身心健康")
    OTHER = "other", _("其他")


class SessionRecord(TenantOwned):
    """What was said: encrypted at rest, readable by the assigned counsellor only."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="record", verbose_name=_("预约")
    )
    notes = EncryptedTextField(_("记录"), blank=True)
    # Comma-separated ``Topic`` values, encrypted too: the aggregate statistics read them
    # in Python (a few hundred rows a month), never in SQL.
    topics = EncryptedTextField(_("主题"), blank=True)
    risk_level = models.CharField(_("风险等级"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.NONE)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("咨询记录")
        verbose_name_plural = pgettext_lazy("plural", "咨询记录")


class Referral(TenantOwned):
    """转介: danger to self or others — to whom, when, why. The recorded exception to
    confidentiality."""

    record = models.ForeignKey(SessionRecord, on_delete=models.CASCADE, related_name="referrals")
    referred_to = models.CharField(_("转介对象"), max_length=200)
    referred_at = models.DateTimeField(_("转介时间"))
    reason = EncryptedTextField(_("原因"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = pgettext_lazy("plural", "转介")
        ordering = ["-referred_at", "-id"]
