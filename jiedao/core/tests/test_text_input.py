"""Control characters never reach the database: ``clean_text`` refuses them,
``clean_long_text`` drops them (keeping tabs and line breaks), and every form built
on ``BootstrapForm`` / ``BootstrapModelForm``, and every form of the admin site,
refuses them in each text field. (The API refuses U+0000 and lone surrogates in any
string before reading it: ``jiedao/api/tests/test_unstorable_text.py``.)"""

import unicodedata

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from jiedao.core.admin import AuditedAdmin
from jiedao.core.forms import BootstrapForm, BootstrapModelForm
from jiedao.core.models import CalendarDay
from jiedao.core.services import clean_long_text, clean_text, new_errors
from jiedao.core.validators import NoControlCharacters, forbidden_characters
from jiedao.testing import World

# Every code point of the refused classes, and a sample of each for the lists below.
BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
NOT_WHITESPACE_CONTROLS = ["\x00", "\x07", "\x08", "\x1b", "\x7f", "\x9b", "\ud800", "\udfff", *BIDI_CONTROLS]


def is_refused(char: str) -> bool:
    """The rule, written the slow way: Unicode control characters, surrogates, and
    the direction embeddings, overrides and isolates."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS


@given(st.characters(codec=None))
def test_the_refused_characters_are_exactly_the_controls_surrogates_and_direction_overrides(char: str) -> None:
    assert bool(forbidden_characters(char)) == is_refused(char)
    assert bool(forbidden_characters(char, multi_line=True)) == (is_refused(char) and char not in "\t\n\r")


# clean_text ------------------------------------------------------------------------


@pytest.mark.parametrize("control", NOT_WHITESPACE_CONTROLS)
def test_clean_text_refuses_a_control_character_and_names_it(control: str) -> None:
    errors = new_errors()

    clean_text(errors, "title", f"秀苑{control}活动", max_length=50, required=True)

    assert len(errors["title"]) == 1
    assert f"U+{ord(control):04X}" in errors["title"][0] and "控制字符" in errors["title"][0]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("a\tb\nc\r\nd\x0be\x0cf\x1cg\x85h", "a b c d e f g h"),  # whitespace controls: one line, as before
        ("秀\u200b苑\ufeff\u2060", "秀苑"),  # invisible copy-and-paste leftovers: dropped
        ("👨\u200d👩\u200d👧 家庭日", "👨\u200d👩\u200d👧 家庭日"),  # the zero-width joiner builds emoji
        ("\u200f阿拉伯文\u200e", "\u200f阿拉伯文\u200e"),  # direction marks only place neutral characters
    ],
)
def test_clean_text_keeps_or_drops_the_harmless_invisible_characters(value: str, expected: str) -> None:
    errors = new_errors()

    assert clean_text(errors, "title", value, max_length=50) == expected
    assert errors == {}


@given(st.text(st.characters(codec=None), max_size=30))
def test_clean_text_either_refuses_or_returns_text_without_control_characters(value: str) -> None:
    errors = new_errors()

    text = clean_text(errors, "f", value, max_length=1000)

    assert bool(errors) == bool(forbidden_characters(text))
    if not errors:
        assert clean_text(new_errors(), "f", text, max_length=1000) == text


# clean_long_text -------------------------------------------------------------------


def test_clean_long_text_keeps_tabs_and_line_breaks_and_drops_the_other_controls() -> None:
    value = "第一行\t甲\x07\r\n第二\u202e行\x00\x0c第三行\u200b"

    assert clean_long_text(value) == "第一行\t甲\n第二行\n第三行"


@given(st.text(st.characters(codec=None), max_size=40))
def test_clean_long_text_never_returns_a_control_character_but_tab_and_line_break(value: str) -> None:
    text = clean_long_text(value)

    assert forbidden_characters(text, multi_line=True) == []
    assert "\r" not in text
    assert clean_long_text(text) == text


# Forms -----------------------------------------------------------------------------


class SampleForm(BootstrapForm):
    title = forms.CharField(max_length=50)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)
    count = forms.IntegerField(required=False)


class DayForm(BootstrapModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]


@pytest.mark.parametrize("control", [*NOT_WHITESPACE_CONTROLS, "\t"])
def test_a_one_line_field_of_any_form_refuses_control_characters(control: str) -> None:
    form = SampleForm({"title": f"活动{control}名称"})

    assert not form.is_valid()
    assert f"U+{ord(control):04X}" in " ".join(map(str, form.errors["title"]))  # U+0000: beside Django's own message


@pytest.mark.parametrize("control", NOT_WHITESPACE_CONTROLS)
def test_a_text_area_refuses_control_characters_but_keeps_tabs_and_line_breaks(control: str) -> None:
    assert SampleForm({"title": "活动", "notes": "第一行\r\n\t第二行"}).is_valid()

    form = SampleForm({"title": "活动", "notes": f"第一行\n第二{control}行"})

    assert not form.is_valid() and list(form.errors) == ["notes"]


@pytest.mark.django_db  # a model form checks uniqueness
def test_every_text_field_is_covered_whatever_its_kind() -> None:
    form = SampleForm({"title": "活动", "email": "a\x07@example.com", "count": "3"})
    assert not form.is_valid() and list(form.errors) == ["email"]

    day = DayForm({"date": "2031-10-01", "kind": "holiday", "name": "国庆\x1b节"})
    assert not day.is_valid() and list(day.errors) == ["name"]


def test_each_form_gets_the_validator_once() -> None:
    first, second = SampleForm(), SampleForm()

    for form in (first, second):
        assert sum(isinstance(v, NoControlCharacters) for v in form.fields["title"].validators) == 1
    assert not any(isinstance(v, NoControlCharacters) for v in SampleForm.base_fields["title"].validators)


@pytest.mark.django_db
def test_a_page_refuses_a_control_character_with_a_400(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])

    response = client.post(
        reverse("counselling:calendar"), {"date": "2031-10-01", "kind": "holiday", "name": "国庆\x07节"}
    )

    assert response.status_code == 400
    assert "U+0007" in response.content.decode()
    assert not CalendarDay.objects.exists()


# The admin site ----------------------------------------------------------------------


def test_every_text_field_of_the_admin_site_refuses_control_characters() -> None:
    """Each form of an audited admin (add and change), each text field a model field
    gives it (the password forms' own fields are passwords, not text we store)."""
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    checked, unguarded = 0, []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, AuditedAdmin):
            continue
        model_fields = {f.name for f in model._meta.get_fields()}
        for obj in (None, model()):
            for name, field in model_admin.get_form(request, obj)().fields.items():
                if name not in model_fields or not isinstance(field, forms.CharField):
                    continue
                checked += 1
                try:
                    field.run_validators("秀苑\x07")
                except ValidationError as exc:
                    if any("U+0007" in message for message in exc.messages):
                        continue
                unguarded.append(f"{model._meta.label}.{name}")
    assert checked > 20
    assert unguarded == []


def test_an_admin_text_area_keeps_tabs_and_line_breaks() -> None:
    notes: models.TextField[str, str] = models.TextField()
    notes.set_attributes_from_name("notes")
    field = AuditedAdmin(CalendarDay, admin.site).formfield_for_dbfield(notes, RequestFactory().get("/admin/"))

    field.run_validators("第一行\r\n\t第二行")
    with pytest.raises(ValidationError, match="U\\+0007"):
        field.run_validators("第一行\n第二\x07行")


@pytest.mark.django_db
def test_the_admin_site_refuses_a_control_character(admin_client: Client) -> None:
    data = {"date": "2031-10-01", "kind": "holiday", "name": "国庆\x07节"}

    response = admin_client.post(reverse("admin:core_calendarday_add"), data)

    assert response.status_code == 200  # the form again, with its errors
    assert "U+0007" in response.content.decode()
    assert not CalendarDay.objects.exists()
