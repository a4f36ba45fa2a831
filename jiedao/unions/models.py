"""The union network (小二级工会): organisations, the units each covers, and membership.

``UnionOrganisation`` is one of three kinds: the sub-district federation (街道总工会,
one per sub-district, no parent), joint unions (联合工会: by residential area, grid,
building or industry — the 小二级 level) and enterprise unions (the base union
committee of one unit). ``UnionOfficer`` holds the chair, vice-chairs and committee,
one row per term of office. ``CoveredUnit`` says which joint union covers a small unit that has no union of its own.

``Membership`` is one spell of membership of one base union (joint or enterprise):
it moves pending_union → pending_federation → active (or rejected), and ends as
``transferred`` (a new spell starts in the new union), ``left``, or stays active.
Rows are never deleted; ``MembershipEvent`` keeps every step. The database allows a
person at most one current (active) membership and at most one open application.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.org.models import Grid, ResidentialArea, TenantOwned, Unit
from jiedao.people.models import Person

#: 工会法 art. 11: a unit with this many members or more should set up its own base union committee.
OWN_UNION_THRESHOLD = 25


class UnionKind(models.TextChoices):
    FEDERATION = "federation", _("街道总工会")
    JOINT = "joint", _("联合工会")
    ENTERPRISE = "enterprise", _("企业工会")


class JointBasis(models.TextChoices):
    AREA = "area", _("按居民区")
    GRID = "grid", _("按网格")
    BUILDING = "building", _("按楼宇")
    INDUSTRY = "industry", _("按行业")


class UnionOrganisation(TenantOwned):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=UnionKind.choices)
    basis = models.CharField(_("组建方式"), max_length=16, choices=JointBasis.choices, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级工会")
    )
    residential_area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unions",
        verbose_name=_("居民区"),
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="unions", verbose_name=_("网格")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="unions", verbose_name=_("所在单位")
    )
    #: Building or industry a joint union is organised along (free text).
    basis_detail = models.CharField(_("楼宇或行业"), max_length=100, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    registration_number = models.CharField(_("法人资格证书编号"), max_length=64, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = pgettext_lazy("plural", "工会组织")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "name"], name="unions_org_unique_name"),
            models.UniqueConstraint(
                fields=["subdistrict"], condition=Q(kind="federation"), name="unions_one_federation"
            ),
            models.UniqueConstraint(fields=["unit"], condition=Q(kind="enterprise"), name="unions_one_per_unit"),
            models.CheckConstraint(
                condition=(
                    Q(kind="federation", parent__isnull=True, unit__isnull=True, basis="")
                    | Q(kind="joint", parent__isnull=False, unit__isnull=True)
                    & ~Q(basis="")
                    & (~Q(basis="area") | Q(residential_area__isnull=False))
                    & (~Q(basis="grid") | Q(grid__isnull=False))
                    | Q(kind="enterprise", parent__isnull=False, unit__isnull=False, basis="")
                ),
                name="unions_org_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_base_union(self) -> bool:
        return self.kind in (UnionKind.JOINT, UnionKind.ENTERPRISE)


class OfficerPost(models.TextChoices):
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    COMMITTEE = "committee", _("委员")


class UnionOfficer(TenantOwned):
    """One term of office (任期) of a chair, vice-chair or committee member: from
    ``term_start`` to ``term_end`` (the last day in office, inclusive; open while
    serving). Terms are never rewritten when the committee changes: the leaving
    officer's term is ended and the new one's begins, so the history stays. The
    current officers are those whose term covers today."""

    union = models.ForeignKey(
        UnionOrganisation, on_delete=models.CASCADE, related_name="officers", verbose_name=_("工会组织")
    )
    post = models.CharField(_("职务"), max_length=16, choices=OfficerPost.choices)
    name = models.CharField(_("姓名"), max_length=64)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("人员")
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    term_start = models.DateField(_("任期开始"), default=timezone.localdate)
    term_end = models.DateField(_("任期结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("工会委员")
        verbose_name_plural = pgettext_lazy("plural", "工会委员")
        ordering = ["union", "post", "position", "id"]
        constraints = [
            # One open chair term, and one open term of a name in a post, per union.
            models.UniqueConstraint(
                fields=["union"], condition=Q(post="chair", term_end__isnull=True), name="unions_one_chair"
            ),
            models.UniqueConstraint(
                fields=["union", "post", "name"], condition=Q(term_end__isnull=True), name="unions_officer_unique"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="unions_officer_term_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.name}"

    def serves_on(self, day: dt.date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class CoveredUnit(TenantOwned):
    """A unit without a union of its own, covered by a joint union (one joint union per unit)."""

    union = models.ForeignKey(
        UnionOrganisation, on_delete=models.PROTECT, related_name="covered_units", verbose_name=_("联合工会")
    )
    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="joint_cover", verbose_name=_("单位"))
    since = models.DateField(_("覆盖日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("联合工会覆盖单位")
        verbose_name_plural = pgettext_lazy("plural", "联合工会覆盖单位")
        ordering = ["union", "unit__name"]

    def __str__(self) -> str:
        return f"{self.union} · {self.unit}"


class MembershipStatus(models.TextChoices):
    PENDING_UNION = "pending_union", _("待工会审核")
    PENDING_FEDERATION = "pending_federation", _("待总工会审核")
    ACTIVE = "active", _("在会")
    REJECTED = "rejected", _("未通过")
    TRANSFERRED = "transferred", _("已转出")
    LEFT = "left", _("已退会")


OPEN_STATUSES = (MembershipStatus.PENDING_UNION, MembershipStatus.PENDING_FEDERATION)


class Membership(TenantOwned):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="union_memberships", verbose_name=_("人员")
    )
    union = models.ForeignKey(
        UnionOrganisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("基层工会")
    )
    employer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("工作单位")
    )
    status = models.CharField(_("状态"), max_length=20, choices=MembershipStatus.choices)
    card_number = models.CharField(_("会员证号"), max_length=32, blank=True)
    applied_at = models.DateTimeField(_("申请时间"), null=True, blank=True)
    joined_on = models.DateField(_("入会日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next", verbose_name=_("上一段会籍")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会籍")
        verbose_name_plural = pgettext_lazy("plural", "会籍")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="unions_one_current_membership"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["pending_union", "pending_federation"]),
                name="unions_one_open_application",
            ),
            models.UniqueConstraint(
                fields=["subdistrict", "card_number"],
                condition=Q(status="active") & ~Q(card_number=""),
                name="unions_card_number_unique_current",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | (~Q(card_number="") & Q(joined_on__isnull=False)),
                name="unions_active_has_card",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(joined_on__isnull=True) | Q(ended_on__gte=models.F("joined_on")),
                name="unions_membership_dates",
            ),
        ]
        indexes = [models.Index(fields=["union", "status"], name="unions_membership_union_status")]

    def __str__(self) -> str:
        return f"{self.person} · {self.union} · {self.get_status_display()}"


class EventKind(models.TextChoices):
    APPLIED = "applied", _("提交入会申请")
    UNION_APPROVED = "union_approved", _("工会审核通过")
    FEDERATION_APPROVED = "federation_approved", _("总工会审核通过")
    REJECTED = "rejected", _("审核未通过")
    IMPORTED = "imported", _("登记在册会员")
    TRANSFERRED_OUT = "transferred_out", _("转出")
    TRANSFERRED_IN = "transferred_in", _("转入")
    LEFT = "left", _("退会")
    REINSTATED = "reinstated", _("恢复会籍")


class MembershipEvent(TenantOwned):
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="events", verbose_name=_("会籍"))
    kind = models.CharField(_("事项"), max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("会籍记录")
        verbose_name_plural = pgettext_lazy("plural", "会籍记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.get_kind_display()}"
