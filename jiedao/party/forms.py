"""Forms of the party pages: they collect and type the input; the services validate it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.actor import Actor
from jiedao.core.forms import BootstrapForm
from jiedao.org.models import ResidentialArea, Unit
from jiedao.party.models import Branch, CommitteeMember, Lecture, PartyMember
from jiedao.people.access import people_visible_to
from jiedao.people.models import PartyCategory, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def hours_field(label: Any) -> forms.DecimalField:
    """Hours as typed; the service rounds them half up to a tenth (2.25 → 2.3)."""
    return forms.DecimalField(
        label=label, min_value=0, max_value=10_000, widget=forms.NumberInput(attrs={"step": "any"})
    )


class LedgerFilterForm(BootstrapForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    branch = forms.ModelChoiceField(label=_("党组织"), queryset=Branch.objects.none(), required=False)

    def __init__(self, *args: Any, branches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]

    def values(self, default_year: int) -> tuple[int, Branch | None]:
        year = default_year
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"] or year, self.cleaned_data["branch"]
        return year, None


class MissingFilterForm(BootstrapForm):
    """The studio's filter: who has not done all three yet unless asked otherwise."""

    missing = forms.ChoiceField(
        label=_("筛选"),
        required=False,
        initial="any",
        choices=[
            ("any", _("尚未全部完成")),
            ("visit", _("未参观")),
            ("lecture", _("未参加党课")),
            ("service", _("未认领公益服务")),
            ("done", _("已全部完成")),
            ("all", _("全部")),
        ],
    )

    def value(self) -> str:
        """The filter chosen; "any" when none (or an unknown one) was."""
        if self.is_bound and self.is_valid() and self.cleaned_data["missing"]:
            return str(self.cleaned_data["missing"])
        return "any"


class LectureForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("类型"), choices=Lecture.Kind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    topic = forms.CharField(label=_("主题"), max_length=200)
    campaign = forms.CharField(label=_("学习教育"), max_length=100, required=False, help_text=_("如：四史学习教育"))
    speaker_kind = forms.ChoiceField(label=_("主讲人类别"), choices=Lecture.SpeakerKind.choices)
    speaker = forms.ModelChoiceField(label=_("主讲人（已登记人员）"), queryset=Branch.objects.none(), required=False)
    speaker_name = forms.CharField(label=_("主讲人姓名（未登记时填写）"), max_length=64, required=False)
    speaker_title = forms.CharField(label=_("主讲人职务"), max_length=100, required=False)
    format = forms.ChoiceField(label=_("学时计算"), choices=Lecture.Format.choices)
    organiser = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    residential_area = forms.ModelChoiceField(
        label=_("面向居民区"), queryset=ResidentialArea.objects.none(), required=False
    )
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME)
    place = forms.CharField(label=_("地点"), max_length=200)
    branches = forms.ModelMultipleChoiceField(
        label=_("邀请党组织"), queryset=Branch.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sd = actor.subdistrict_id or 0
        self.fields["speaker"].queryset = people_visible_to(actor).filter(is_party_member=True)  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = Unit.objects.filter(subdistrict_id=sd, kind=Unit.Kind.OFFICE)  # type: ignore[attr-defined]
        self.fields["residential_area"].queryset = ResidentialArea.objects.filter(subdistrict_id=sd)  # type: ignore[attr-defined]
        self.fields["branches"].queryset = Branch.objects.filter(subdistrict_id=sd)  # type: ignore[attr-defined]


class ExternalForm(BootstrapForm):
    title = forms.CharField(label=_("培训内容"), max_length=200)
    studied_on = forms.DateField(label=_("培训日期"), widget=DATE)
    hours = hours_field(_("学时"))
    evidence_note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TargetForm(BootstrapForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    hours = hours_field(_("年度学时"))
    reason = forms.CharField(label=_("原因"), max_length=200, help_text=_("如：年中转入，按月折算"))


class SelfStudyForm(BootstrapForm):
    title = forms.CharField(label=_("学习内容"), max_length=200)
    studied_on = forms.DateField(label=_("学习日期"), widget=DATE)
    hours = hours_field(_("学时"))
    evidence_note = forms.CharField(
        label=_("学习记录"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("写下学习心得或要点")
    )
    evidence = forms.ImageField(label=_("佐证照片"), required=False, help_text=_("如笔记、截图，可不传"))


class ReviewForm(BootstrapForm):
    approve = forms.TypedChoiceField(
        label=_("审核"),
        choices=[("1", _("认定")), ("0", _("不认定"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审核意见"), max_length=200, required=False)


class BranchForm(BootstrapForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Branch.Kind.choices, initial=Branch.Kind.BRANCH)
    sector = forms.ChoiceField(label=_("领域"), choices=Branch.Sector.choices)
    parent = forms.ModelChoiceField(label=_("上级组织"), queryset=Branch.objects.none(), required=False)
    residential_area = forms.ModelChoiceField(
        label=_("居民区"), queryset=ResidentialArea.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("所在单位"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sd = actor.subdistrict_id or 0
        self.fields["parent"].queryset = Branch.objects.filter(subdistrict_id=sd)  # type: ignore[attr-defined]
        self.fields["residential_area"].queryset = ResidentialArea.objects.filter(subdistrict_id=sd)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(subdistrict_id=sd)  # type: ignore[attr-defined]


def current_members(branch: Branch) -> Any:
    """The registry people who are current members of ``branch`` (for a secretary)."""
    members = PartyMember.objects.filter(branch=branch, transferred_out_on__isnull=True)
    return Person.objects.filter(pk__in=members.values("person_id")).order_by("name", "id")


class BranchEditForm(BranchForm):
    """A branch edited: as on creation, with its secretary among its current members
    and its parent anywhere but itself (the service refuses its own subtree)."""

    secretary = forms.ModelChoiceField(label=_("书记"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, actor: Actor, branch: Branch, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=branch.pk)  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = current_members(branch)  # type: ignore[attr-defined]


class CommitteeForm(BootstrapForm):
    member = forms.ModelChoiceField(label=_("委员"), queryset=PartyMember.objects.none())
    post = forms.ChoiceField(label=_("职务"), choices=CommitteeMember.Post.choices, initial=CommitteeMember.Post.MEMBER)
    duty = forms.CharField(label=_("分工"), max_length=64, required=False, help_text=_("如：组织委员、宣传委员"))

    def __init__(self, *args: Any, branch: Branch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = PartyMember.objects.filter(branch=branch, transferred_out_on__isnull=True).select_related("person")
        self.fields["member"].queryset = members.order_by("person__name", "id")  # type: ignore[attr-defined]


class InviteBranchesForm(BootstrapForm):
    branches = forms.ModelMultipleChoiceField(
        label=_("邀请党组织"), queryset=Branch.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, branches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branches"].queryset = branches  # type: ignore[attr-defined]


class SecretaryForm(BootstrapForm):
    secretary = forms.ModelChoiceField(label=_("书记"), queryset=Branch.objects.none(), required=False)

    def __init__(self, *args: Any, branch: Branch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = current_members(branch)  # type: ignore[attr-defined]


class MemberForm(BootstrapForm):
    branch = forms.ModelChoiceField(label=_("所在党组织"), queryset=Branch.objects.none())
    status = forms.ChoiceField(label=_("党员类别"), choices=PartyMember.Status.choices)
    category = forms.ChoiceField(label=_("三新类别"), choices=[("", "—"), *PartyCategory.choices], required=False)
    joined_on = forms.DateField(label=_("入党日期"), widget=DATE, required=False)
    transferred_in_on = forms.DateField(label=_("组织关系转入日期"), widget=DATE, required=False)
    transferred_in_from = forms.CharField(label=_("转入自"), max_length=200, required=False)
    transfer_letter = forms.CharField(label=_("介绍信编号"), max_length=64, required=False)
    mobility = forms.ChoiceField(label=_("流动党员"), choices=PartyMember.Mobility.choices, required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        branches = Branch.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]


class EnrolForm(MemberForm):
    person = forms.ModelChoiceField(
        label=_("人员"),
        queryset=Person.objects.none(),
        help_text=_("人员库中标记为党员、尚未登记的人员"),
    )
    field_order = ["person"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        people = people_visible_to(actor).filter(is_party_member=True, party_member__isnull=True)
        self.fields["person"].queryset = people.order_by("name", "id")  # type: ignore[attr-defined]


class TransferOutForm(BootstrapForm):
    on = forms.DateField(label=_("组织关系转出日期"), widget=DATE)
    to = forms.CharField(label=_("转往"), max_length=200)


class RulesForm(BootstrapForm):
    full_day_hours = hours_field(_("全天培训折算学时"))
    half_day_hours = hours_field(_("半天党课折算学时"))
    member_target = hours_field(_("党员年度学时"))
    leader_target = hours_field(_("书记、委员年度学时"))
