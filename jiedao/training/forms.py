"""Forms of the training pages: they collect and type the input; the services validate it."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiedao.activities.models import Session
from jiedao.core.forms import BootstrapForm
from jiedao.org.models import Unit
from jiedao.people.models import Person
from jiedao.training.models import Course, Grade, Provider, RequiredWork, SubsidyClaim, Work

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _choices(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ProviderForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("培训学校"), queryset=Unit.objects.none())
    licence_number = forms.CharField(label=_("办学许可证号"), max_length=64)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)

    def __init__(self, *args: Any, subdistrict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "unit",
            Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.TRAINING_SCHOOL, training_provider=None),
        )


class CourseForm(BootstrapForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    grade = forms.ChoiceField(label=_("类别/等级"), choices=Grade.choices)
    prescribed_hours = forms.DecimalField(label=_("规定课时"), max_digits=6, decimal_places=1)
    completion_share = forms.DecimalField(
        label=_("课时完成比例"),
        max_digits=4,
        decimal_places=2,
        initial=Decimal("1.00"),
        help_text=_("出勤课时达到规定课时乘以此比例即满足课时要求，如0.80"),
    )
    capacity = forms.IntegerField(label=_("每班人数"), initial=45)
    eligibility = forms.ChoiceField(label=_("报名条件"), choices=Course.Eligibility.choices)
    required_works = forms.CharField(
        label=_("必做作品或考核"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("每行一项")
    )
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_required_works(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["required_works"].splitlines() if line.strip()]


class ProviderEditForm(BootstrapForm):
    licence_number = forms.CharField(label=_("办学许可证号"), max_length=64)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    is_active = forms.BooleanField(label=_("有效（停用后不能再开新班）"), required=False)


class CourseEditForm(CourseForm):
    is_active = forms.BooleanField(label=_("有效（停用后不能再开新班）"), required=False)

    @classmethod
    def initial_for(cls, course: Course) -> dict[str, Any]:
        initial = cls.initial_from(course)
        initial["required_works"] = "\n".join(w.name for w in course.required_works.order_by("position", "id"))
        return initial


class ClassForm(BootstrapForm):
    course = forms.ModelChoiceField(label=_("培训项目"), queryset=Course.objects.none())
    provider = forms.ModelChoiceField(label=_("培训机构"), queryset=Provider.objects.none())
    name = forms.CharField(label=_("班级名称"), max_length=200)
    place = forms.CharField(label=_("上课地点"), max_length=200)
    capacity = forms.IntegerField(label=_("人数上限"), required=False, help_text=_("留空按培训项目的每班人数"))
    offer_hours = forms.IntegerField(label=_("候补名额保留（小时）"), initial=48)

    def __init__(self, *args: Any, courses: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "course", courses)
        _choices(self, "provider", providers)


class ClassEditForm(BootstrapForm):
    name = forms.CharField(label=_("班级名称"), max_length=200)
    place = forms.CharField(label=_("上课地点"), max_length=200)
    capacity = forms.IntegerField(label=_("人数上限"))
    offer_hours = forms.IntegerField(label=_("候补名额保留（小时）"))
    enrolment_open = forms.BooleanField(label=_("接受报名"), required=False)


class SessionForm(BootstrapForm):
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME)
    hours = forms.DecimalField(label=_("课时"), max_digits=5, decimal_places=1)
    place = forms.CharField(label=_("地点"), max_length=200, required=False, help_text=_("留空为班级上课地点"))

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        planned = getattr(session, "training_hours", None)
        return {
            "starts_at": timezone.localtime(session.starts_at),
            "ends_at": timezone.localtime(session.ends_at),
            "hours": planned.hours if planned is not None else None,
            "place": session.place,
        }


class RuleForm(BootstrapForm):
    grade = forms.ChoiceField(label=_("证书等级"), choices=Grade.choices)
    amount = forms.DecimalField(label=_("补贴标准（元）"), max_digits=10, decimal_places=2, min_value=Decimal(0))
    unemployed_share = forms.DecimalField(
        label=_("失业及重点群体比例"), max_digits=4, decimal_places=2, initial=Decimal("1.00")
    )
    employed_share = forms.DecimalField(
        label=_("在职人员比例"), max_digits=4, decimal_places=2, initial=Decimal("0.80")
    )
    valid_from = forms.DateField(
        label=_("起始日期"), widget=DATE, help_text=_("开班日期在此日及以后的培训班按此标准计算")
    )
    note = forms.CharField(label=_("依据"), max_length=200, required=False)


class ReferForm(BootstrapForm):
    person = forms.ModelChoiceField(label=_("求职人员"), queryset=Person.objects.none())
    wait = forms.BooleanField(label=_("名额已满时登记候补"), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "person", people)


class ApplyForm(BootstrapForm):
    wait = forms.BooleanField(label=_("名额已满时登记候补"), required=False)


class CorrectionForm(BootstrapForm):
    session = forms.ModelChoiceField(label=_("场次"), queryset=Session.objects.none())
    hours = forms.DecimalField(label=_("计入课时"), max_digits=5, decimal_places=1, min_value=Decimal(0))
    reason = forms.CharField(label=_("更正原因"), max_length=200)

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "session", sessions)


class WorkForm(BootstrapForm):
    required_work = forms.ModelChoiceField(label=_("作品"), queryset=RequiredWork.objects.none())
    photo = forms.ImageField(label=_("照片"), required=False)
    mark = forms.ChoiceField(label=_("评定"), choices=Work.Mark.choices)
    comment = forms.CharField(label=_("评语"), max_length=200, required=False)

    def __init__(self, *args: Any, works: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "required_work", works)


class ExternalCertificateForm(BootstrapForm):
    grade = forms.ChoiceField(label=_("证书等级"), choices=Grade.choices)
    number = forms.CharField(label=_("证书编号"), max_length=64)
    issued_on = forms.DateField(label=_("发证日期"), widget=DATE)
    issuer = forms.CharField(label=_("发证机构"), max_length=100, required=False)


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("原因"), max_length=200)


class ClaimForm(BootstrapForm):
    person_status = forms.ChoiceField(
        label=_("开班时身份"),
        choices=[("", _("按登记信息")), *SubsidyClaim.PersonStatus.choices],
        required=False,
    )


class DecisionForm(BootstrapForm):
    decision = forms.ChoiceField(
        label=_("操作"), choices=[("review", _("审核通过")), ("pay", _("拨付")), ("reject", _("驳回"))]
    )
    reason = forms.CharField(label=_("驳回原因"), max_length=200, required=False)


class EmptyForm(BootstrapForm):
    """A button: nothing to fill in."""
