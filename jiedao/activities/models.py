"""Activities and sign-in: one mechanism for meetings, lectures, classes and visits.

An ``Activity`` has one or more ``Session``s (a time and a place). People and units
are invited or registered through ``Registration``; presence at a session is one
``Attendance`` per person per session, enforced by the database. Programmes (the
joint meeting, party lectures, training classes) hang their own records off an
activity and never copy its attendance.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.org.models import ResidentialArea, TenantOwned, Unit
from jiedao.people.models import Person


class Activity(TenantOwned):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("会议")
        LECTURE = "lecture", _("党课")
        CLASS = "class", _("培训课")
        VISIT = "visit", _("参观")
        SERVICE = "service", _("公益服务")
        OTHER = "other", _("其他活动")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    organiser = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="organised_activities", verbose_name=_("主办单位")
    )
    # Who the activity is for: one residential area, or the whole sub-district when empty.
    residential_area = models.ForeignKey(
        ResidentialArea, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("面向居民区")
    )
    # Classes and volunteer services count attended hours, so they also sign out.
    sign_out_enabled = models.BooleanField(_("需要签退"), default=False)
    # Who attends it tells who is a party member (a 主题党日's visit): only the party
    # roles see it, like a lecture (``access.PARTY_KINDS``).
    party_only = models.BooleanField(_("仅党建部门可见"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = pgettext_lazy("plural", "活动")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Session(TenantOwned):
    """场次: one sitting of an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("活动"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    capacity = models.PositiveIntegerField(_("容量"), null=True, blank=True, help_text=_("留空表示不限"))

    class Meta:
        verbose_name = _("场次")
        verbose_name_plural = pgettext_lazy("plural", "场次")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="activities_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.starts_at:%Y-%m-%d %H:%M}"


class AttendeeCategory(models.TextChoices):
    """How a sign-in screen and the minutes group those present."""

    OFFICE = "office", _("街道机关科室")
    MEMBER_UNIT = "member_unit", _("成员单位")
    ENTERPRISE_UNION_CHAIR = "enterprise_union_chair", _("非公企业工会主席")
    AREA_UNION_CHAIR = "area_union_chair", _("居民区工会主席")
    OTHER = "other", _("其他")


class Registration(TenantOwned):
    """An invitation or a sign-up: a person, or a unit asked to send a representative
    (``person`` empty until the unit names one)."""

    class Role(models.TextChoices):
        HOST = "host", _("主持")
        ATTENDEE = "attendee", _("出席")
        OBSERVER = "observer", _("列席")
        REPORTER = "reporter", _("报告人")
        GUEST = "guest", _("嘉宾")

    class Status(models.TextChoices):
        INVITED = "invited", _("已邀请")
        CONFIRMED = "confirmed", _("已确认")
        DECLINED = "declined", _("已婉拒")
        CANCELLED = "cancelled", _("已取消")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("活动")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="registrations", verbose_name=_("人员")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="registrations", verbose_name=_("单位")
    )
    role = models.CharField(_("身份"), max_length=16, choices=Role.choices, default=Role.ATTENDEE)
    category = models.CharField(
        _("类别"), max_length=32, choices=AttendeeCategory.choices, default=AttendeeCategory.OTHER
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.INVITED)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报名/邀请")
        verbose_name_plural = pgettext_lazy("plural", "报名/邀请")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False), name="activities_registration_whom"
            ),
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(person__isnull=False),
                name="activities_registration_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["activity", "unit"],
                condition=Q(person__isnull=True),
                name="activities_registration_one_open_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.unit)


class Attendance(TenantOwned):
    """签到: one per person per session, whatever the concurrency."""

    class Method(models.TextChoices):
        QR = "qr", _("扫码")
        MANUAL = "manual", _("人工")
        IMPORT = "import", _("导入")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("场次"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("人员"))
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )
    category = models.CharField(
        _("类别"), max_length=32, choices=AttendeeCategory.choices, default=AttendeeCategory.OTHER
    )
    method = models.CharField(_("方式"), max_length=8, choices=Method.choices)
    signed_in_at = models.DateTimeField(_("签到时间"))
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = pgettext_lazy("plural", "签到")
        ordering = ["signed_in_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="activities_attendance_once_per_session"),
            models.CheckConstraint(
                condition=Q(signed_out_at__isnull=True) | Q(signed_out_at__gte=F("signed_in_at")),
                name="activities_attendance_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"

    @property
    def unit_name(self) -> str:
        """The unit someone came for: the invited unit, else their employer (the
        attendance list, its export and the API show it)."""
        registration = self.registration
        if registration is not None and registration.unit is not None:
            return registration.unit.name
        employer = self.person.employer
        return employer.name if employer is not None else ""
