"""Forms collect and type the input; the services validate it."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import AttendeeCategory, Registration
from jiedao.core import images
from jiedao.core.forms import BootstrapForm
from jiedao.meetings.access import joint_meetings_visible_to
from jiedao.meetings.models import ActionItem, AgendaItem, JointMeeting, RegulationVersion
from jiedao.org.access import units_visible_to
from jiedao.org.models import Unit
from jiedao.people.models import Person

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonNameField(forms.CharField):
    """A person of the sub-district typed by name; two people of one name need
    the ID number's last four digits after the name (``王伟 1234``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("help_text", _("填写姓名；如有重名，请在姓名后空格加身份证号后四位"))
        super().__init__(*args, **kwargs)
        self.people: QuerySet[Person] = Person.objects.none()

    def clean(self, value: Any) -> Person | None:
        text = " ".join(str(super().clean(value) or "").split())
        if not text:
            return None
        name, _sep, tail = text.partition(" ")
        found = list(self.people.filter(name=name)[:20])
        if tail:
            found = [p for p in found if p.id_number.upper().endswith(tail.upper())]
        if not found:
            raise ValidationError(_("本街道没有名为“%(name)s”的人员。"), params={"name": name})
        if len(found) > 1:
            raise ValidationError(
                _("有%(n)d人名为“%(name)s”，请加身份证号后四位区分。"), params={"n": len(found), "name": name}
            )
        return found[0]


def _people(actor: Actor) -> QuerySet[Person]:
    return Person.objects.filter(subdistrict_id=actor.subdistrict_id or 0)


class JointMeetingForm(BootstrapForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    convenor_unit = forms.ModelChoiceField(label=_("召集单位"), queryset=Unit.objects.none(), empty_label=_("请选择"))
    convenor = PersonNameField(label=_("召集人"), required=False)
    frequency = forms.ChoiceField(label=_("召开频次"), choices=JointMeeting.Frequency.choices)
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["convenor_unit"].queryset = units_visible_to(actor)  # type: ignore[attr-defined]
        self.fields["convenor"].people = _people(actor)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, body: JointMeeting) -> dict[str, Any]:
        convenor = body.convenor  # typed by name on the form
        return {**cls.initial_from(body), "convenor": convenor.name if convenor else ""}


class MemberForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), empty_label=_("请选择"))
    representative = PersonNameField(label=_("代表"), required=False)
    joined_on = forms.DateField(label=_("加入日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(actor)  # type: ignore[attr-defined]
        self.fields["representative"].people = _people(actor)  # type: ignore[attr-defined]


class RegulationForm(BootstrapForm):
    title = forms.CharField(label=_("制度名称"), max_length=200)
    version_title = forms.CharField(
        label=_("草案标题"), max_length=200, required=False, help_text=_("留空则为“名称（草案）”")
    )
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    presented_by = PersonNameField(label=_("提请人"), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presented_by"].people = _people(actor)  # type: ignore[attr-defined]


class VersionForm(BootstrapForm):
    title = forms.CharField(label=_("文本标题"), max_length=200)
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    presented_by = PersonNameField(label=_("提请人"), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presented_by"].people = _people(actor)  # type: ignore[attr-defined]


class TransitionForm(BootstrapForm):
    status = forms.ChoiceField(label=_("新状态"), choices=RegulationVersion.Status.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=DATE)


class MeetingForm(BootstrapForm):
    joint_meeting = forms.ModelChoiceField(
        label=_("联席会议"), queryset=JointMeeting.objects.none(), empty_label=_("请选择")
    )
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME)
    place = forms.CharField(label=_("地点"), max_length=200)
    host = PersonNameField(label=_("主持人"), required=False)
    summary = forms.CharField(label=_("会议概述"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["joint_meeting"].queryset = joint_meetings_visible_to(actor)  # type: ignore[attr-defined]
        self.fields["host"].people = _people(actor)  # type: ignore[attr-defined]


class MeetingEditForm(BootstrapForm):
    host = PersonNameField(label=_("主持人"), required=False)
    summary = forms.CharField(label=_("会议概述"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].people = _people(actor)  # type: ignore[attr-defined]


class InviteForm(BootstrapForm):
    person = PersonNameField(label=_("人员"), required=False)
    unit = forms.ModelChoiceField(
        label=_("单位"), queryset=Unit.objects.none(), required=False, empty_label=_("（不选）")
    )
    role = forms.ChoiceField(label=_("身份"), choices=Registration.Role.choices, initial=Registration.Role.ATTENDEE)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("自动判断")), *AttendeeCategory.choices], required=False
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(actor)  # type: ignore[attr-defined]
        self.fields["person"].people = _people(actor)  # type: ignore[attr-defined]


class AgendaItemForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("类型"), choices=AgendaItem.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    presenter = PersonNameField(label=_("报告人/讲话人"), required=False)
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    motion = forms.CharField(label=_("动议"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    outcome = forms.ChoiceField(
        label=_("结果"), choices=[("", _("（无）")), *AgendaItem.Outcome.choices], required=False
    )
    votes_for = forms.IntegerField(label=_("赞成票"), required=False)
    votes_against = forms.IntegerField(label=_("反对票"), required=False)
    votes_abstaining = forms.IntegerField(label=_("弃权票"), required=False)
    regulation_version = forms.ModelChoiceField(
        label=_("制度版本"),
        queryset=RegulationVersion.objects.none(),
        required=False,
        empty_label=_("（不选）"),
    )

    def __init__(
        self, *args: Any, actor: Actor, meeting_id: int | None = None, keep: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].people = _people(actor)  # type: ignore[attr-defined]
        # Offer only the versions this meeting can still adopt (not in force or
        # repealed, not adopted by another meeting), plus the one an item already has.
        status = RegulationVersion.Status
        pickable = Q(status__in=(status.DRAFT, status.REVIEW, status.ADOPTED)) & (
            Q(adopted_at__isnull=True) | Q(adopted_at_id=meeting_id)
        )
        if keep is not None:
            pickable |= Q(pk=keep)
        self.fields["regulation_version"].queryset = (  # type: ignore[attr-defined]
            RegulationVersion.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
            .filter(pickable)
            .select_related("regulation")
        )

    @classmethod
    def initial_for(cls, item: AgendaItem) -> dict[str, Any]:
        presenter = item.presenter  # typed by name on the form
        return {**cls.initial_from(item), "presenter": presenter.name if presenter else ""}


class CommendationForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), empty_label=_("请选择"))
    award = forms.CharField(label=_("奖项"), max_length=100)
    reason = forms.CharField(label=_("事由"), max_length=300, required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(actor)  # type: ignore[attr-defined]


class RequirementForm(BootstrapForm):
    text = forms.CharField(label=_("要求"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionItemForm(BootstrapForm):
    title = forms.CharField(label=_("事项"), max_length=200)
    owner_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), empty_label=_("请选择"))
    deadline = forms.DateField(label=_("办结期限"), widget=DATE)
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units_visible_to(actor)  # type: ignore[attr-defined]


class StatusForm(BootstrapForm):
    status = forms.ChoiceField(label=_("状态"), choices=ActionItem.Status.choices)


class NoteForm(BootstrapForm):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class PhotoForm(BootstrapForm):
    # A plain file field: the service checks and re-encodes the image
    # (``core.images``), within bounds Django's ImageField does not have.
    image = forms.FileField(
        label=_("照片"),
        widget=forms.FileInput(attrs={"accept": images.ACCEPT}),
        help_text=_("JPG、PNG或WebP格式；上传时会去除拍摄地点等信息。"),
    )
    caption = forms.CharField(label=_("说明"), max_length=200)


class ConfirmForm(BootstrapForm):
    """A POST with no input of its own (delete, leave, move): the service's
    refusals become its non-field errors, shown as messages."""
