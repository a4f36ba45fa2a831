"""The period picker: a year, and a month or the whole year."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiedao.core.errors import Invalid
from jiedao.core.forms import BootstrapForm
from jiedao.core.ledgers import FIRST_YEAR, LAST_YEAR, Period

MONTHS = [("", _("全年")), *((str(m), _("%(month)d月") % {"month": m}) for m in range(1, 13))]


class PeriodForm(BootstrapForm):
    year = forms.IntegerField(label=_("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTHS, coerce=int, empty_value=None, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, month = cleaned.get("year"), cleaned.get("month")
        if year is not None:
            try:
                cleaned["period"] = Period.parse(f"{year}" if month is None else f"{year}-{month:02d}")
            except Invalid as exc:
                raise ValidationError(exc.message) from None
        return cleaned

    def period(self) -> Period:
        """The period asked for (the form must be valid)."""
        period: Period = self.cleaned_data["period"]
        return period


class ExportForm(PeriodForm):
    key = forms.CharField(max_length=100, widget=forms.HiddenInput)


def initial_period(period: Period) -> dict[str, object]:
    return {"year": period.year, "month": period.month or ""}
