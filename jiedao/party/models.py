"""Party organisations and members, lectures, study hours and the 凝新 studio.

- ``Branch``: the sub-district's party working committee (党工委), general branches
  (党总支) and branches (党支部) — residential-area branches and 两新 branches in
  enterprises and social organisations — with a secretary (a ``Person``) and a
  committee (``CommitteeMember``).
- ``PartyMember``: a registry ``Person`` in a branch, with the party's own facts
  (正式/预备, 三新 category, date joined, transfer in and out, 流动 status). These
  fields are sensitive: see ``access``.
- ``Lecture``: a 党课 or 主题党日. It IS an ``activities.Activity`` (kind lecture):
  sessions, invitations and attendance live there and are never copied here.
- ``StudyRules``: the sub-district's conversion rules and yearly targets;
  ``TargetOverride`` a prorated target the party office set for one member and year.
- ``StudyEntry``: self-study a member submitted with evidence (approved by the branch
  secretary) or external training the party office entered.
- ``PartyStudio``: the party-mass centre's 凝新 studio; ``OnboardingReminder`` each reminder it sent
  to a 三新 member about the 三个一 (the checklist itself is computed, never stored).
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.activities.models import Activity
from jiedao.org.models import ResidentialArea, TenantOwned, Unit
from jiedao.people.models import PartyCategory, Person


def hours_field(label: Any, default: int | None = None) -> Any:
    """Study hours: a decimal with one place (never a float)."""
    if default is None:
        return models.DecimalField(label, max_digits=6, decimal_places=1)
    return models.DecimalField(label, max_digits=6, decimal_places=1, default=Decimal(default))


class Branch(TenantOwned):
    """A party organisation of the sub-district."""

    class Kind(models.TextChoices):
        WORKING_COMMITTEE = "committee", _("党工委")
        GENERAL_BRANCH = "general", _("党总支")
        BRANCH = "branch", _("党支部")

    class Sector(models.TextChoices):
        OFFICE = "office", _("机关")
        RESIDENTIAL = "residential", _("居民区")
        ENTERPRISE = "enterprise", _("两新·企业")
        SOCIAL = "social", _("两新·社会组织")
        NEW_EMPLOYMENT = "new_employment", _("新就业群体")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.BRANCH)
    sector = models.CharField(_("领域"), max_length=16, choices=Sector.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级组织")
    )
    residential_area = models.ForeignKey(
        ResidentialArea, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("居民区")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所在单位")
    )
    secretary = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("书记")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = pgettext_lazy("plural", "党组织")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "name"], name="party_branch_unique_name"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="party_branch_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(TenantOwned):
    """支委 / 总支委员: a member of a branch's committee (the secretary is ``Branch.secretary``)."""

    class Post(models.TextChoices):
        DEPUTY = "deputy", _("副书记")
        MEMBER = "member", _("委员")

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="committee", verbose_name=_("党组织"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("人员"))
    post = models.CharField(_("职务"), max_length=16, choices=Post.choices, default=Post.MEMBER)
    duty = models.CharField(_("分工"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = pgettext_lazy("plural", "委员")
        ordering = ["branch", "post", "id"]
        constraints = [models.UniqueConstraint(fields=["branch", "person"], name="party_committee_once")]

    def __str__(self) -> str:
        return f"{self.branch} {self.person}"


class PartyMember(TenantOwned):
    """A party member of the sub-district: a registry person in a branch."""

    class Status(models.TextChoices):
        FULL = "full", _("正式党员")
        PROBATIONARY = "probationary", _("预备党员")

    class Mobility(models.TextChoices):
        NONE = "", _("否")
        OUT = "out", _("流出")
        IN = "in", _("流入")

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="party_member", verbose_name=_("人员"))
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="members", verbose_name=_("所在党组织"))
    status = models.CharField(_("党员类别"), max_length=16, choices=Status.choices, default=Status.FULL)
    category = models.CharField(_("三新类别"), max_length=16, choices=PartyCategory.choices, blank=True)
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    transferred_in_on = models.DateField(_("组织关系转入日期"), null=True, blank=True)
    transferred_in_from = models.CharField(_("转入自"), max_length=200, blank=True)
    transfer_letter = models.CharField(_("介绍信编号"), max_length=64, blank=True)
    transferred_out_on = models.DateField(_("组织关系转出日期"), null=True, blank=True)
    transferred_out_to = models.CharField(_("转往"), max_length=200, blank=True)
    mobility = models.CharField(_("流动党员"), max_length=8, choices=Mobility.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = pgettext_lazy("plural", "党员")
        ordering = ["branch", "person__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(transferred_out_on__isnull=True)
                | Q(transferred_in_on__isnull=True)
                | Q(transferred_out_on__gte=F("transferred_in_on")),
                name="party_member_out_after_in",
            ),
            models.CheckConstraint(
                condition=Q(category__in=["", *PartyCategory.values]), name="party_member_category_valid"
            ),
            models.CheckConstraint(condition=Q(status__in=["full", "probationary"]), name="party_member_status_valid"),
        ]
        indexes = [models.Index(fields=["subdistrict", "category", "transferred_in_on"])]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_current(self) -> bool:
        return self.transferred_out_on is None


class Lecture(TenantOwned):
    """党课 or 主题党日: an activity of kind lecture with what the party records of it."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("党课")
        THEME_DAY = "theme_day", _("主题党日")

    class Format(models.TextChoices):
        FULL_DAY = "full_day", _("全天培训")
        HALF_DAY = "half_day", _("半天党课")
        HOURS = "hours", _("按实际学时")

    class SpeakerKind(models.TextChoices):
        LEADER = "leader", _("领导干部")
        TEACHER = "teacher", _("党校讲师")
        OTHER = "other", _("其他")

    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="lecture", verbose_name=_("活动"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.LECTURE)
    campaign = models.CharField(_("学习教育"), max_length=100, blank=True)
    topic = models.CharField(_("主题"), max_length=200)
    speaker_kind = models.CharField(_("主讲人类别"), max_length=16, choices=SpeakerKind.choices)
    # A leader is a person of the registry; a party-school teacher is often named only.
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("主讲人")
    )
    speaker_name = models.CharField(_("主讲人姓名"), max_length=64, blank=True)
    speaker_title = models.CharField(_("主讲人职务"), max_length=100, blank=True)
    format = models.CharField(_("学时计算"), max_length=16, choices=Format.choices, default=Format.HALF_DAY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("党课")
        verbose_name_plural = pgettext_lazy("plural", "党课")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(speaker__isnull=False) | ~Q(speaker_name=""), name="party_lecture_has_speaker"
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def speaker_label(self) -> str:
        name = self.speaker.name if self.speaker_id and self.speaker else self.speaker_name
        return f"{self.speaker_title} {name}".strip()


class StudyRules(TenantOwned):
    """The sub-district's conversion rules and yearly targets (national floors as defaults)."""

    full_day_hours = hours_field(_("全天培训折算学时"), 8)
    half_day_hours = hours_field(_("半天党课折算学时"), 4)
    member_target = hours_field(_("党员年度学时"), 32)
    leader_target = hours_field(_("书记、委员年度学时"), 56)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("学时规则")
        verbose_name_plural = pgettext_lazy("plural", "学时规则")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict"], name="party_rules_one_per_subdistrict"),
            models.CheckConstraint(
                condition=Q(full_day_hours__gt=0)
                & Q(half_day_hours__gt=0)
                & Q(member_target__gte=0)
                & Q(leader_target__gte=0),
                name="party_rules_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class TargetOverride(TenantOwned):
    """A prorated target for one member and year (a member who joined during the year)."""

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("党员"))
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = hours_field(_("年度学时"))
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("学时目标调整")
        verbose_name_plural = pgettext_lazy("plural", "学时目标调整")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="party_target_once_a_year"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="party_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"


class StudyEntry(TenantOwned):
    """Hours not recorded by an attendance: self-study (approved by the branch
    secretary) or external training (entered by the party office, approved at entry)."""

    class Source(models.TextChoices):
        SELF_STUDY = "self_study", _("自学")
        EXTERNAL = "external", _("外部培训")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已认定")
        REJECTED = "rejected", _("未认定")

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="entries", verbose_name=_("党员"))
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    title = models.CharField(_("学习内容"), max_length=200)
    studied_on = models.DateField(_("学习日期"))
    hours = hours_field(_("学时"))
    evidence_note = models.TextField(_("学习记录"), blank=True)
    evidence = models.ImageField(_("佐证照片"), upload_to="party/evidence/%Y/", blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("学时记录")
        verbose_name_plural = pgettext_lazy("plural", "学时记录")
        ordering = ["-studied_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="party_entry_hours_in_a_day"),
            models.CheckConstraint(
                condition=Q(source="self_study") | Q(status="approved"), name="party_entry_external_approved"
            ),
        ]
        indexes = [models.Index(fields=["member", "status", "studied_on"])]

    def __str__(self) -> str:
        return self.title


class PartyStudio(TenantOwned):
    """The party-mass centre's 凝新 studio for 三新 members; its visits are the
    centre's activities of kind visit organised by ``unit``."""

    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位"))
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("工作室")
        verbose_name_plural = pgettext_lazy("plural", "工作室")
        constraints = [models.UniqueConstraint(fields=["subdistrict", "name"], name="party_studio_unique_name")]

    def __str__(self) -> str:
        return self.name


class OnboardingReminder(TenantOwned):
    """A reminder the studio sent a 三新 member about the steps still missing."""

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("党员"))
    missing = models.CharField(_("未完成"), max_length=64)
    sent = models.BooleanField(_("已发送"), default=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = pgettext_lazy("plural", "提醒")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member} {self.created_at:%Y-%m-%d}"
