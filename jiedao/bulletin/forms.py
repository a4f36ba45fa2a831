from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.actor import Actor
from jiedao.bulletin import selectors
from jiedao.bulletin.models import Office
from jiedao.core import images
from jiedao.core.forms import BootstrapForm


class DraftForm(BootstrapForm):
    activity_ids = forms.TypedMultipleChoiceField(
        label=_("报道的活动"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("可选同一系列的几项活动（如两场党课）合写一篇。"),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (a.pk, f"{a.title}（{a.get_kind_display()}，{a.organiser}）") for a in selectors.draftable_activities(actor)
        ]


class ArticleForm(BootstrapForm):
    kicker = forms.CharField(label=_("引题"), required=False, max_length=100)
    title = forms.CharField(label=_("标题"), max_length=100)
    subtitle = forms.CharField(label=_("副题"), required=False, max_length=100)
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("可用段落、列表、加粗与强调；其余格式保存时去除。每行一段亦可。"),
    )
    office = forms.ChoiceField(label=_("署名科室"), choices=Office.choices)


class ReviewForm(BootstrapForm):
    approve = forms.TypedChoiceField(
        label=_("审核结论"),
        choices=[("1", _("通过")), ("0", _("退回修改"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class IssueForm(BootstrapForm):
    date = forms.DateField(label=_("出版日期"), widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.IntegerField(
        label=_("期号"), required=False, min_value=1, max_value=999, help_text=_("留空则为当年下一期")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PlaceForm(BootstrapForm):
    article_id = forms.TypedChoiceField(label=_("编入稿件"), coerce=int)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["article_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(a.pk, a.title) for a in selectors.placeable_articles(actor)]


class PhotoForm(BootstrapForm):
    # A plain file field: the service checks and re-encodes the image (``core.images``).
    image = forms.FileField(
        label=_("照片"),
        widget=forms.FileInput(attrs={"accept": images.ACCEPT}),
        help_text=_("JPG、PNG或WebP格式；上传时会去除拍摄地点等信息。"),
    )
    caption = forms.CharField(label=_("图片说明"), max_length=200)
