"""What a person's name may hold (``people.names``), checked in ``person_values``,
so the same for the form, the API, the roster import and the demo loader."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiedao.accounts.tokens import token_issue
from jiedao.core.services import new_errors
from jiedao.core.validators import build_id_number
from jiedao.people.models import Person
from jiedao.people.names import MIDDLE_DOT, clean_name, name_problems, normal_form
from jiedao.people.pinyin import search_keys
from jiedao.people.services import person_values
from jiedao.people.tests.pages import LoginAs, field_errors, form_data, refused
from jiedao.people.tests.roster_files import li, run, xlsx
from jiedao.testing import World, make_id_number

# (as typed, as stored)
GOOD_NAMES = [
    ("乐悦鸣", "乐悦鸣"),
    ("阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("爱新觉罗·溥仪", "爱新觉罗·溥仪"),
    ("𠮷野", "𠮷野"),  # extension B
    ("\U00030000\U00031350", "\U00030000\U00031350"),  # extensions G and H
    ("\u4dbf\u9fff", "\u4dbf\u9fff"),  # the ends of extension A and of the main block
    ("\ufa0e野", "\ufa0e野"),  # a compatibility-block character that is a unified ideograph
    ("Anna-Maria O'Neil", "Anna-Maria O'Neil"),
    ("José García", "José García"),
    ("Jose\u0301", "José"),  # an accent typed as a combining mark: one letter (NFC)
    ("Zoë Łukasz", "Zoë Łukasz"),
    ("佐々木", "佐々木"),
    ("阿卜杜・热合曼", "阿卜杜·热合曼"),  # katakana middle dot
    ("阿卜杜•热合曼", "阿卜杜·热合曼"),  # bullet
    ("阿卜杜‧热合曼", "阿卜杜·热合曼"),  # hyphenation point
    ("阿卜杜･热合曼", "阿卜杜·热合曼"),  # half-width katakana middle dot
    ("阿卜杜.热合曼", "阿卜杜·热合曼"),  # a full stop between Han characters
    ("阿卜杜．热合曼", "阿卜杜·热合曼"),  # a full-width one
    ("阿卜杜 · 热合曼", "阿卜杜·热合曼"),
    ("王  芳", "王芳"),  # spaces that line names up in a table
    ("王\u3000芳", "王芳"),
    (" 王芳\u200b ", "王芳"),
    ("Ａｎｎａ　Ｌｉ", "Anna Li"),  # full-width letters and space
    ("Anna ’ O’Neil", "Anna'O'Neil"),
    ("Anna·李", "Anna·李"),
]

# (name, a part of the message)
BAD_NAMES = [
    ("<>", "“<”“>”"),
    ("·", "至少要有一个汉字或字母"),
    ("！？", "“！”“？”"),
    ("^", "“^”"),
    ("—", "“—”"),
    ("123", "“1”“2”“3”"),
    ("王芳2", "“2”"),
    ("😀", "“😀”"),
    ("王😀芳", "“😀”"),
    ("=1+2", "“=”“1”“+”“2”"),
    ('=HYPERLINK("http://x","y")', "“=”"),
    ("Иван", "“И”"),
    ("·王芳", "间隔号“·”"),
    ("王芳·", "间隔号“·”"),
    ("阿卜杜··热合曼", "间隔号“·”"),
    ("王-芳", "连字符“-”"),
    ("-Anna", "连字符“-”"),
    ("O'", "撇号“'”"),
    ("\u0301王", "“U+0301”"),  # a combining mark on no Latin letter
    ("王\ue000", "“U+E000”"),  # private use: no font shows it, so it is named
    ("王\u200d芳", "“U+200D”"),  # a format character: kept by clean_text, but no part of a name
    ("王\x07芳", "U+0007"),
    ("王\u202e芳", "U+202E"),
    ("", "此项不能为空"),
    ("  ", "此项不能为空"),
    ("王" * 65, "最多64个字"),
]


def values(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subdistrict_id": world.liangcheng.pk,
        "name": "周凉城",
        "id_number": make_id_number(birth=dt.date(1990, 2, 3), male=True),
    }
    return {**data, **overrides}


@pytest.mark.parametrize("typed, stored", GOOD_NAMES)
def test_it_accepts_a_name_and_stores_its_normal_form(world: World, typed: str, stored: str) -> None:
    result = person_values(**values(world, name=typed))

    assert result["name"] == stored
    assert result["search_text"]


@pytest.mark.parametrize("name, message", BAD_NAMES)
def test_it_refuses_a_name_and_says_what_a_name_may_hold(world: World, name: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        person_values(**values(world, name=name))

    assert list(exc.value.message_dict) == ["name"]
    assert message in " ".join(exc.value.message_dict["name"])


def test_the_message_for_a_refused_character_says_what_a_name_may_hold() -> None:
    assert name_problems("<>") == [
        "姓名中不能有“<”“>”。姓名只能用汉字或拉丁字母，少数民族和外国人姓名的各部分之间用间隔号“·”分开。"
    ]


A_NUMBER = build_id_number("110101", dt.date(1990, 3, 7), 1)
names = st.text(st.characters(codec=None), max_size=20)
name_like = st.text(st.sampled_from(["王", "𠮷", "a", "É", "\u0301", " ", "·", "・", ".", "-", "'", "1", "<", "\x07"]))


@given(name=names | name_like)
@example(name="")
@settings(deadline=None)
def test_person_values_never_raises_anything_but_a_validation_error(name: str) -> None:
    errors: dict[str, list[str]] = {}
    try:
        result = person_values(subdistrict_id=1, name=name, id_number=A_NUMBER)
    except ValidationError as exc:
        errors = exc.message_dict
    else:
        assert result["name"] == normal_form(result["name"])
    assert set(errors) <= {"name"}


@given(name=names | name_like)
def test_an_accepted_name_is_stable_searchable_and_holds_only_what_a_name_may(name: str) -> None:
    errors = new_errors()
    stored = clean_name(errors, "name", name)
    if errors:
        return
    again = new_errors()
    assert clean_name(again, "name", stored) == stored and not again
    assert stored == stored.strip() and "  " not in stored and 0 < len(stored) <= 64
    assert not stored.startswith(MIDDLE_DOT) and not stored.endswith(MIDDLE_DOT)
    assert search_keys(stored)


# Every way in -----------------------------------------------------------------------


def api_post(client: Client, world: World, body: dict[str, Any], persona: str = "admin") -> Any:
    raw, _ = token_issue(user=world.users[persona])
    return client.post("/api/v1/people", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize("name", ["<>", "·", "！？", "^", "—", "王\x07芳", "王\u202e芳"])
def test_the_api_answers_400_with_the_field_error_not_500(client: Client, world: World, name: str) -> None:
    body = {"name": name, "id_number": make_id_number(), "residential_area": world.xiuyuan.pk}

    response = api_post(client, world, body)

    assert response.status_code == 400, response.content
    assert list(response.json()["details"]) == ["name"]
    assert not Person.objects.filter(name=name).exists()


def test_the_api_refuses_a_control_character_in_every_text_field(client: Client, world: World) -> None:
    body = {"name": "王芳", "id_number": make_id_number(), "party_branch": "第一\x07支部"}

    response = api_post(client, world, body)

    assert response.status_code == 400, response.content
    assert list(response.json()["details"]) == ["party_branch"]
    assert "U+0007" in response.json()["details"]["party_branch"][0]


def test_the_api_refuses_a_control_character_on_update(client: Client, world: World) -> None:
    person = world.people["worker"]
    raw, _ = token_issue(user=world.users["admin"])

    response = client.put(
        f"/api/v1/people/{person.pk}",
        {"name": "王秀\x07英", "residential_area": world.xiuyuan.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert response.status_code == 400, response.content
    assert "U+0007" in response.json()["details"]["name"][0]
    person.refresh_from_db()
    assert person.name == "王秀英"


@pytest.mark.parametrize("name", ["<>", "—", "123", "王\x1b芳"])
def test_the_form_shows_the_message_beside_the_name(login: LoginAs, world: World, name: str) -> None:
    page = refused(login("admin").post(reverse("people:create"), form_data(world, name=name)))

    assert field_errors(page, "name").strip()
    assert not Person.objects.filter(name=name).exists()


@pytest.mark.parametrize("name", ["—", "<>", "·", "123"])
def test_a_roster_row_with_a_bad_name_is_reported_with_its_row(world: World, name: str) -> None:
    result = run(world, xlsx(li(), li(姓名=name, 身份证号=make_id_number())))

    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "姓名")]
    assert "姓名" in result.errors[0].message or "间隔号" in result.errors[0].message
