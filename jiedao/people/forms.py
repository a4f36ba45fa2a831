"""Forms of the people pages. They only collect and shape input: the rules of
what a valid person is live in ``services.person_values``."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.core.forms import BootstrapForm, add_service_errors
from jiedao.org.access import areas_visible_to, units_visible_to
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import keep_party, sees_party
from jiedao.people.models import ROLE_FIELDS, Gender, PartyCategory, Person
from jiedao.people.selectors import holds_a_number, people_search, role_choices
from jiedao.people.services import person_values


def _chair_scope(actor: Actor) -> tuple[frozenset[int], frozenset[int]]:
    """The areas and units a union chair answers for; none for an office, which
    answers for the whole sub-district."""
    if actor.is_office:
        return frozenset(), frozenset()
    return actor.area_ids(Role.AREA_UNION_CHAIR), actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)


def area_choices(actor: Actor) -> QuerySet[ResidentialArea]:
    """The areas offered to ``actor``: an area chair's own areas (a resident
    filed elsewhere would leave their sight, see ``access.ensure_in_scope``);
    any area of the sub-district to others. A chair of both an area and a unit
    keeps every choice: either one of them brings the person into scope."""
    qs = areas_visible_to(actor).order_by("name", "pk")
    areas, units = _chair_scope(actor)
    return qs.filter(pk__in=areas) if areas and not units else qs


def unit_choices(actor: Actor) -> QuerySet[Unit]:
    """The units offered to ``actor``: an enterprise chair's own units; any unit
    of the sub-district to others (same reasoning as ``area_choices``)."""
    qs = units_visible_to(actor).order_by("name", "pk")
    areas, units = _chair_scope(actor)
    return qs.filter(pk__in=units) if units and not areas else qs


class _UnechoedInput(forms.TextInput):
    """A text input that never writes the typed value back into the page."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, None, attrs)


NUMBER_IN_SEARCH = _("搜索框只查姓名、拼音或首字母。身份证号请用“按身份证号查找”。")
# Any digit, ASCII or full-width: the browser then stops the number before it is
# sent (htmx checks the form's validity before each request, the browser before a
# plain submit); the form drops it again on the server for clients that do not.
_NO_DIGIT_PATTERN = "[^0-9０-９]*"


class PersonFilterForm(forms.Form):
    """The list's search and filters (``?q=&area=&role=``), shared with the export.

    A search text holding a number (an ID number, a phone) is dropped on arrival
    (``number_dropped``): it is neither searched nor written back into the page
    or its links. Numbers go to ``IdNumberLookupForm``, by POST."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=64)
    area = forms.TypedChoiceField(label=_("居民区"), coerce=int, empty_value=None, required=False)
    role = forms.ChoiceField(label=_("身份"), required=False)

    def __init__(self, data: Any = None, *args: Any, actor: Actor, **kwargs: Any) -> None:
        self.number_dropped = data is not None and holds_a_number(data.get("q", ""))
        if self.number_dropped:
            data = data.copy()
            data.pop("q")
        super().__init__(data, *args, **kwargs)
        # Loaded once: the same list renders the options and validates the choice.
        areas = [(str(pk), name) for pk, name in area_choices(actor).values_list("pk", "name")]
        self.fields["area"].choices = [("", _("全部居民区")), *areas]  # type: ignore[attr-defined]
        # Nobody finds party members by filtering unless they may see membership.
        party = sees_party(actor)
        self.fields["role"].choices = [("", _("全部身份")), *role_choices(party=party)]  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update(
            {
                "class": "form-control",
                "placeholder": _("姓名、拼音或首字母"),
                "pattern": _NO_DIGIT_PATTERN,
                "title": NUMBER_IN_SEARCH,
                "autocomplete": "off",
                "aria-describedby": "people-search-help",
            }
        )
        self.fields["area"].widget.attrs["class"] = "form-select"
        self.fields["role"].widget.attrs["class"] = "form-select"

    def search(self, qs: QuerySet[Person]) -> QuerySet[Person]:
        """``qs`` narrowed by the valid filters; an invalid one is ignored, not guessed.
        A dropped number finds nobody: a search asked for one person must not widen
        to everyone (an export of the whole scope, say)."""
        if self.number_dropped:
            return qs.none()
        data = self.cleaned_data if self.is_valid() else {}
        return people_search(qs, q=data.get("q", ""), area_id=data.get("area"), role=data.get("role", ""))

    def query(self) -> QueryDict:
        """The valid filters as a query string (for the page and export links):
        built from the cleaned values, never from the raw request."""
        query = QueryDict(mutable=True)
        if self.is_valid():
            for name, value in self.cleaned_data.items():
                if value not in (None, ""):
                    query[name] = str(value)
        return query


class IdNumberLookupForm(forms.Form):
    """Find one person by their full ID number. Posted, never put in a URL, and
    the number is not written back into the page."""

    id_number = forms.CharField(
        label=_("按身份证号查找"),
        max_length=32,
        widget=_UnechoedInput(attrs={"class": "form-control", "autocomplete": "off", "inputmode": "text"}),
        error_messages={"required": _("请填写身份证号。")},
    )

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        widget = self.fields["id_number"].widget  # Bootstrap's red border beside the message
        widget.attrs["class"] = "form-control is-invalid"


class PersonForm(BootstrapForm):
    """Create or edit one person. On edit the ID number and phone start empty
    (their masked values as placeholders): left empty, they are kept."""

    name = forms.CharField(label=_("姓名"), max_length=64, error_messages={"required": _("请填写姓名。")})
    gender = forms.ChoiceField(
        label=_("性别"),
        required=False,
        choices=[("", _("按身份证号")), *Gender.choices],
        help_text=_("可不填，由身份证号判断；填写时会与身份证号核对。"),
    )
    id_number = forms.CharField(label=_("身份证号"), max_length=32, error_messages={"required": _("请填写身份证号。")})
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    residential_area = forms.ModelChoiceField(
        label=_("居民区"), queryset=ResidentialArea.objects.none(), required=False, empty_label=_("（无）")
    )
    employer = forms.ModelChoiceField(
        label=_("工作单位"), queryset=Unit.objects.none(), required=False, empty_label=_("（无）")
    )
    roles = forms.MultipleChoiceField(label=_("身份"), required=False, widget=forms.CheckboxSelectMultiple)
    party_category = forms.ChoiceField(
        label=_("党员类别"), required=False, choices=[("", _("（无）")), *PartyCategory.choices]
    )
    party_branch = forms.CharField(label=_("所在党支部"), max_length=100, required=False)

    def __init__(self, *args: Any, actor: Actor, person: Person | None = None, **kwargs: Any) -> None:
        if person is not None:
            kwargs.setdefault("initial", {}).update(
                name=person.name,
                gender=person.gender,
                residential_area=person.residential_area_id,
                employer=person.employer_id,
                roles=[field for field in ROLE_FIELDS if getattr(person, field)],
                party_category=person.party_category,
                party_branch=person.party_branch,
            )
        else:
            # A union chair registers people of their own area or unit: start from it.
            areas = actor.area_ids(*actor.roles)
            units = actor.unit_ids(*actor.roles)
            kwargs.setdefault("initial", {}).update(
                residential_area=next(iter(areas)) if len(areas) == 1 and not actor.is_office else None,
                employer=next(iter(units)) if len(units) == 1 and not actor.is_office else None,
            )
        super().__init__(*args, **kwargs)
        self.person = person
        # Party membership is shown and written only by those who may see it; for
        # anyone else the fields are not on the form and the stored values are kept.
        self.party = sees_party(actor, person)
        if not self.party:
            del self.fields["party_category"], self.fields["party_branch"]
        if actor.subdistrict_id is None:  # staff views only ever pass an actor of a sub-district
            raise ValueError("a person form needs an actor of a sub-district")
        self.subdistrict_id: int = actor.subdistrict_id
        self.fields["roles"].choices = role_choices(party=self.party)  # type: ignore[attr-defined]
        self.fields["residential_area"].queryset = area_choices(actor)  # type: ignore[attr-defined]
        self.fields["employer"].queryset = unit_choices(actor)  # type: ignore[attr-defined]
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "off", "inputmode": "tel"})
        if person is not None:
            # Never the full numbers in the page: a masked placeholder and "leave empty to keep".
            self.fields["id_number"].required = False
            self.fields["id_number"].widget.attrs["placeholder"] = person.id_number_masked
            self.fields["id_number"].help_text = _("留空则保持不变。")
            self.fields["phone"].widget.attrs["placeholder"] = person.phone_masked
            self.fields["phone"].help_text = _("留空则保持不变。")
            self.fields["clear_phone"] = forms.BooleanField(
                label=_("删除手机号"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("clear_phone") and data.get("phone"):
            self.add_error("phone", _("填写了新手机号就不能同时删除手机号。"))
        # The one validation of a person, so that every problem shows at once,
        # each beside its field (a field that already failed keeps its own message).
        try:
            person_values(subdistrict_id=self.subdistrict_id, **self.service_arguments(self.person))
        except ValidationError as exc:
            # A field that already failed keeps its own message.
            fresh = {f: m for f, m in exc.message_dict.items() if f not in self.errors}
            if fresh:
                add_service_errors(self, ValidationError(fresh))
        return data

    def service_arguments(self, current: Person | None) -> dict[str, Any]:
        """The cleaned input as keyword arguments of ``person_create`` / ``person_update``;
        ``current`` (the stored person, on edit) supplies the numbers left empty."""
        data = self.cleaned_data
        id_number = data.get("id_number", "")
        phone = data.get("phone", "")
        if current is not None:
            id_number = id_number or current.id_number
            phone = "" if data.get("clear_phone") else phone or current.phone
        roles = set(data.get("roles", ()))
        party = {"party_category": data.get("party_category", ""), "party_branch": data.get("party_branch", "")}
        if not self.party:
            roles, party = keep_party(roles, current)
        return {
            "name": data.get("name", ""),
            "gender": data.get("gender", ""),
            "id_number": id_number,
            "phone": phone,
            "residential_area": data.get("residential_area"),
            "employer": data.get("employer"),
            "roles": roles,
            **party,
        }
