"""Forms of the legal-aid pages: they collect and type the input; the services
validate it (``services.case_values``, ``services.step_add``, …)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.models import User
from jiedao.core.forms import BootstrapForm
from jiedao.legalaid import services
from jiedao.legalaid.models import CaseStep, Channel, DisputeType, Stage
from jiedao.legalaid.selectors import default_stats_year

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(BootstrapForm):
    """A worker's own application (``desk=False``) or the desk's, which names the
    worker by ID number and says how the application came in."""

    id_number = forms.CharField(
        label=_("申请人身份证号"),
        max_length=18,
        help_text=_("申请人须已在人员信息中登记。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    channel = forms.ChoiceField(
        label=_("受理方式"),
        choices=[(Channel.DESK.value, Channel.DESK.label), (Channel.PHONE.value, Channel.PHONE.label)],
    )
    dispute_type = forms.ChoiceField(label=_("争议类型"), choices=[("", "—"), *DisputeType.choices])
    employer_name = forms.CharField(label=_("用人单位"), max_length=100)
    knew_on = forms.DateField(
        label=_("哪一天知道自己的权利受到侵害"),
        widget=DATE,
        help_text=_("例如：发现工资未按时发放、收到解除劳动合同通知的日子。记不清具体日期时，填最早能确定的日子。"),
    )
    employment_ended_on = forms.DateField(
        label=_("劳动关系终止之日"), widget=DATE, required=False, help_text=_("仍在该单位工作的，请留空。")
    )
    summary = forms.CharField(
        label=_("事情经过"),
        max_length=services.MAX_SUMMARY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("发生了什么、涉及的金额或期间、希望得到什么帮助。"),
    )

    def __init__(self, *args: Any, desk: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.desk = desk
        if not desk:
            del self.fields["id_number"]
            del self.fields["channel"]

    @property
    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("id_number", None)
        return data


class StepForm(BootstrapForm):
    stage = forms.ChoiceField(label=_("阶段"), required=False)
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=services.MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予受理时须写明理由。"),
    )
    due_on = forms.DateField(
        label=_("下一步期限"), widget=DATE, required=False, help_text=_("留空时按阶段的通常期限计算。")
    )
    outcome = forms.CharField(
        label=_("结案结果"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    amount_recovered = forms.DecimalField(
        label=_("追回金额（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, current: str = Stage.CONSULTATION, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        following = [(s, Stage(s).label) for s in services.NEXT_STAGES.get(current, ())]
        self.fields["stage"].choices = [("", _("不变（记录进展）")), *following]  # type: ignore[attr-defined]


class InterruptionForm(BootstrapForm):
    on = forms.DateField(label=_("中断之日"), widget=DATE)
    note = forms.CharField(
        label=_("中断事由"),
        max_length=services.MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：向用人单位书面主张权利、请求有关部门处理、用人单位同意履行。"),
    )


class CorrectionForm(BootstrapForm):
    """Supersede a step entered by mistake by the right date and note."""

    on = forms.DateField(label=_("正确的日期"), widget=DATE)
    note = forms.CharField(
        label=_("正确的说明"),
        required=False,
        max_length=services.MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("更正原因"), max_length=services.MAX_REASON_LENGTH, help_text=_("原记录保留，标为“已更正”。")
    )


class SuspensionCorrectionForm(CorrectionForm):
    """A suspension's date and reason, and whether it also stops the limitation period."""

    suspends_limitation = forms.BooleanField(label=_("仲裁时效同时中止"), required=False)


class ClosingCorrectionForm(CorrectionForm):
    """A closing's date and note, with its outcome and the amount recovered."""

    outcome = forms.CharField(label=_("结案结果"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    amount_recovered = forms.DecimalField(
        label=_("追回金额（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )


class WithdrawForm(BootstrapForm):
    """Take back a note or an interruption that should not have been recorded."""

    reason = forms.CharField(
        label=_("撤销原因"), max_length=services.MAX_REASON_LENGTH, help_text=_("原记录保留，标为“已撤销”。")
    )


class SuspendForm(BootstrapForm):
    on = forms.DateField(label=_("中止之日"), widget=DATE)
    note = forms.CharField(
        label=_("中止原因"),
        max_length=services.MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：等待工伤认定结论、无法联系职工、不可抗力。"),
    )
    suspends_limitation = forms.BooleanField(
        label=_("因不可抗力或其他正当理由不能申请仲裁，仲裁时效同时中止"),
        required=False,
        help_text=_("劳动争议调解仲裁法第二十七条第三款：中止原因消除之日起，时效继续计算。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ResumeForm(BootstrapForm):
    on = forms.DateField(label=_("恢复办理之日"), widget=DATE, help_text=_("中止原因消除之日。"))
    note = forms.CharField(
        label=_("说明"), required=False, max_length=services.MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AssignForm(BootstrapForm):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none())
    note = forms.CharField(label=_("说明"), required=False, max_length=services.MAX_NOTE_LENGTH)

    def __init__(self, *args: Any, handlers: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in handlers or []])
        field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]


def _user_label(user: User) -> str:
    return str(user)


def correction_form(step: CaseStep | None, *args: Any, **kwargs: Any) -> CorrectionForm:
    """The correction form for ``step``'s kind: a suspension's with its tick, a
    closing's with the outcome and the amount, else the date and the note."""
    if step is not None and step.kind == CaseStep.Kind.SUSPENDED:
        return SuspensionCorrectionForm(*args, **kwargs)
    if step is not None and step.kind == CaseStep.Kind.STAGE and step.stage == Stage.CLOSED:
        return ClosingCorrectionForm(*args, **kwargs)
    return CorrectionForm(*args, **kwargs)


class DocumentForm(BootstrapForm):
    upload = forms.FileField(
        label=_("文件"),
        widget=forms.ClearableFileInput(attrs={"accept": services.ACCEPT}),
        help_text=_("劳动合同、工资条等的照片（JPG、PNG、WebP）或PDF，PDF不超过10MB。"),
    )
    title = forms.CharField(
        label=_("名称"),
        required=False,
        max_length=100,
        help_text=_("如：劳动合同、工资条。不填时记为“照片”或“PDF文件”，不使用文件名。"),
    )


class DocumentTitleForm(BootstrapForm):
    title = forms.CharField(label=_("新名称"), max_length=100)


class ConfirmForm(forms.Form):
    """A button that posts nothing but the CSRF token (deleting a document)."""


class StatsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年份"), coerce=int, required=False)

    def __init__(self, *args: Any, first_year: int = 2020, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = list(range(this_year, min(first_year, this_year) - 1, -1))
        self.fields["year"].choices = [(str(y), str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["year"].widget.attrs["class"] = "form-select"

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return default_stats_year()
