"""The joint meeting system (街道与工会联席会议制度).

``JointMeeting`` is the standing body of a sub-district with its ``MemberUnit``s;
``Regulation`` / ``RegulationVersion`` are its rules (制度) through their life
(草案 → 审议 → 通过 → 施行 → 废止). A ``Meeting`` is one sitting, and it IS an
``activities.Activity`` (kind ``meeting``): invitations, sessions and attendance
live there and are never copied here. The meeting adds an ordered, typed agenda
(``AgendaItem`` with ``Commendation`` and ``Requirement`` children), photos, and the
follow-up ``ActionItem``s (督办事项) with their ``ProgressNote``s. The minutes are
derived from these records, never typed.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.activities.models import Activity
from jiedao.org.models import TenantOwned, Unit
from jiedao.people.models import Person


class JointMeeting(TenantOwned):
    """联席会议: the standing body (not one sitting of it)."""

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("每季度一次")
        HALF_YEARLY = "half_yearly", _("每半年一次")
        YEARLY = "yearly", _("每年一次")
        AS_NEEDED = "as_needed", _("根据需要")

    name = models.CharField(_("名称"), max_length=100)
    convenor_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="convened_joint_meetings", verbose_name=_("召集单位")
    )
    convenor = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("召集人")
    )
    frequency = models.CharField(_("召开频次"), max_length=16, choices=Frequency.choices, default=Frequency.YEARLY)
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = pgettext_lazy("plural", "联席会议")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["subdistrict", "name"], name="meetings_joint_unique_name")]

    def __str__(self) -> str:
        return self.name


class MemberUnit(TenantOwned):
    """成员单位 with its representative; a unit that leaves keeps its row (``left_on``)."""

    joint_meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="members", verbose_name=_("联席会议")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    representative = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("代表")
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = pgettext_lazy("plural", "成员单位")
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["joint_meeting", "unit"], condition=Q(left_on__isnull=True), name="meetings_member_once"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")), name="meetings_member_left_after"
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class Meeting(TenantOwned):
    """One sitting of a joint meeting: an activity of kind ``meeting`` plus its agenda."""

    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="meeting", verbose_name=_("活动"))
    joint_meeting = models.ForeignKey(
        JointMeeting, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("联席会议")
    )
    host = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("主持人")
    )
    summary = models.TextField(_("会议概述"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = pgettext_lazy("plural", "会议")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.activity.title


class Regulation(TenantOwned):
    """制度: a rule of the joint meeting; its text lives in its versions."""

    joint_meeting = models.ForeignKey(
        JointMeeting, on_delete=models.PROTECT, related_name="regulations", verbose_name=_("联席会议")
    )
    title = models.CharField(_("名称"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("制度")
        verbose_name_plural = pgettext_lazy("plural", "制度")
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["subdistrict", "title"], name="meetings_regulation_title")]

    def __str__(self) -> str:
        return self.title


class RegulationVersion(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草案")
        REVIEW = "review", _("审议")
        ADOPTED = "adopted", _("通过")
        IN_FORCE = "in_force", _("施行")
        REPEALED = "repealed", _("废止")

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="versions", verbose_name=_("制度")
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    title = models.CharField(_("文本标题"), max_length=200)
    text = models.TextField(_("正文"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    presented_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("提请人")
    )
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_versions",
        verbose_name=_("通过会议"),
    )
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    in_force_on = models.DateField(_("施行日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("制度版本")
        verbose_name_plural = pgettext_lazy("plural", "制度版本")
        ordering = ["regulation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="meetings_version_number"),
            models.UniqueConstraint(
                fields=["regulation"], condition=Q(status="in_force"), name="meetings_version_one_in_force"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"]) | Q(adopted_on__isnull=False),
                name="meetings_version_adopted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_force") | Q(in_force_on__isnull=False),
                name="meetings_version_in_force_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"


# 草案 → 审议 → 通过 → 施行 → 废止; a draft under review may go back for redrafting,
# and a draft may be withdrawn before adoption (废止 without ever being in force).
_S = RegulationVersion.Status
VERSION_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.DRAFT: frozenset({_S.REVIEW, _S.REPEALED}),
    _S.REVIEW: frozenset({_S.DRAFT, _S.ADOPTED, _S.REPEALED}),
    _S.ADOPTED: frozenset({_S.IN_FORCE, _S.REPEALED}),
    _S.IN_FORCE: frozenset({_S.REPEALED}),
    _S.REPEALED: frozenset(),
}


class AgendaItem(TenantOwned):
    """议题 / 议程: one ordered item of a meeting's agenda."""

    class Kind(models.TextChoices):
        REPORT = "report", _("通报")
        DELIBERATION = "deliberation", _("审议")
        ADOPTION = "adoption", _("制度通过")
        CEREMONY = "ceremony", _("仪式")
        COMMENDATION = "commendation", _("表彰")
        SPEECH = "speech", _("讲话")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("通过")
        REJECTED = "rejected", _("不通过")
        DEFERRED = "deferred", _("暂缓")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("会议"))
    position = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    # The presenter of a report, the speaker of a speech, who performs a ceremony.
    presenter = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("报告人/讲话人")
    )
    motion = models.TextField(_("动议"), blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, blank=True)
    votes_for = models.IntegerField(_("赞成票"), null=True, blank=True)
    votes_against = models.IntegerField(_("反对票"), null=True, blank=True)
    votes_abstaining = models.IntegerField(_("弃权票"), null=True, blank=True)
    regulation_version = models.ForeignKey(
        RegulationVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("制度版本"),
    )

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = pgettext_lazy("plural", "议程")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="meetings_agenda_position"),
            models.CheckConstraint(
                condition=(Q(votes_for__isnull=True) | Q(votes_for__gte=0))
                & (Q(votes_against__isnull=True) | Q(votes_against__gte=0))
                & (Q(votes_abstaining__isnull=True) | Q(votes_abstaining__gte=0)),
                name="meetings_agenda_votes_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(kind__in=["deliberation", "adoption"]),
                name="meetings_agenda_outcome_for_decisions",
            ),
            models.CheckConstraint(
                condition=~Q(kind="adoption") | Q(regulation_version__isnull=False),
                name="meetings_agenda_adoption_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Commendation(TenantOwned):
    """表彰: a unit commended under an agenda item, with its award and reason."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="commendations", verbose_name=_("议程")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    award = models.CharField(_("奖项"), max_length=100)
    reason = models.CharField(_("事由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = pgettext_lazy("plural", "表彰")
        ordering = ["agenda_item", "id"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "unit"], name="meetings_commendation_once")]

    def __str__(self) -> str:
        return f"{self.unit}：{self.award}"


class Requirement(TenantOwned):
    """要求: one requirement of a speech; it can become an action item."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("议程")
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    text = models.TextField(_("要求"))

    class Meta:
        verbose_name = _("要求")
        verbose_name_plural = pgettext_lazy("plural", "要求")
        ordering = ["agenda_item", "position"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "position"], name="meetings_requirement_order")]

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(TenantOwned):
    """督办事项: owned by a unit, due by a deadline; from a requirement or free."""

    class Status(models.TextChoices):
        OPEN = "open", _("待办")
        IN_PROGRESS = "in_progress", _("推进中")
        DONE = "done", _("已办结")
        CANCELLED = "cancelled", _("已撤销")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="action_items", verbose_name=_("会议")
    )
    requirement = models.OneToOneField(
        Requirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_item",
        verbose_name=_("来源要求"),
    )
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("责任单位")
    )
    deadline = models.DateField(_("办结期限"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    last_reminded_on = models.DateField(_("最近提醒"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = pgettext_lazy("plural", "督办事项")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["done", "cancelled"]) | Q(closed_on__isnull=True),
                name="meetings_action_closed_only_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["subdistrict", "status", "deadline"])]

    def __str__(self) -> str:
        return self.title


class ProgressNote(TenantOwned):
    action_item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="notes", verbose_name=_("督办事项")
    )
    text = models.TextField(_("进展"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("进展情况")
        verbose_name_plural = pgettext_lazy("plural", "进展情况")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class MeetingPhoto(TenantOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos", verbose_name=_("会议"))
    image = models.ImageField(_("照片"), upload_to="meetings/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=200)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("会议照片")
        verbose_name_plural = pgettext_lazy("plural", "会议照片")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.caption
