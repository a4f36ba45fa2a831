import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jiedao.core.validators import (
    build_credit_code,
    build_id_number,
    mask_id_number,
    mask_phone,
    parse_credit_code,
    parse_division_code,
    parse_id_number,
    parse_phone,
)

births = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31))
address_codes = st.sampled_from(["310109", "310115", "310151", "310103", "310108", "110105", "440305"])


@given(address=address_codes, birth=births, sequence=st.integers(min_value=0, max_value=999))
def test_it_accepts_every_well_formed_number_and_reads_birth_and_gender(
    address: str, birth: dt.date, sequence: int
) -> None:
    parsed = parse_id_number(build_id_number(address, birth, sequence))
    assert parsed.birth_date == birth
    assert parsed.gender == ("M" if sequence % 2 else "F")


@given(birth=births, sequence=st.integers(min_value=0, max_value=999), position=st.integers(0, 16))
def test_it_refuses_any_single_digit_change(birth: dt.date, sequence: int, position: int) -> None:
    number = build_id_number("310109", birth, sequence)
    digit = str((int(number[position]) + 1) % 10)
    altered = number[:position] + digit + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(altered)


def test_it_accepts_pudong_numbers_of_people_born_before_pudong_existed() -> None:
    # stdnum.cn.ric.validate rejects these; they are genuine (REFERENCE.md).
    number = build_id_number("310115", dt.date(1960, 3, 1), 123)
    assert parse_id_number(number).birth_date == dt.date(1960, 3, 1)


def test_it_accepts_the_standards_own_example_with_a_lowercase_x() -> None:
    # GB 11643-1999's worked example: a woman born 1949-12-31.
    parsed = parse_id_number(" 11010519491231002x ")
    assert parsed.number == "11010519491231002X"
    assert (parsed.birth_date, parsed.gender) == (dt.date(1949, 12, 31), "F")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("31010919800504123", "18位"),
        ("3101091980050412X0", "前17位"),
        ("990109198005041230", "省级代码"),
        ("310109198002301234", "不存在"),
        ("310109299901011234", "不合理"),
    ],
)
def test_it_explains_what_is_wrong_in_chinese(value: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_id_number(value)
    assert fragment in excinfo.value.messages[0]


def test_it_refuses_a_future_birth_date() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        parse_id_number(build_id_number("310109", tomorrow, 1), today=dt.date.today())


def test_it_validates_credit_codes_by_their_check_character() -> None:
    code = build_credit_code("91310109MA1G5AB70")
    assert parse_credit_code(code.lower()) == code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        parse_credit_code(wrong)
    assert "统一社会信用代码" in excinfo.value.messages[0]


def test_it_normalises_mobile_and_fixed_line_phones() -> None:
    assert parse_phone("138 1234 5678") == "13812345678"
    assert parse_phone("+86 138-1234-5678") == "13812345678"
    assert parse_phone("021-6500 1234") == "02165001234"
    for bad in ["12345", "2345678901234", "+1 202 555 0100", "12812345678", "10012345678"]:
        with pytest.raises(ValidationError):
            parse_phone(bad)


def test_it_checks_division_codes() -> None:
    assert parse_division_code("310109016", length=9) == "310109016"
    with pytest.raises(ValidationError):
        parse_division_code("31010901", length=9)
    with pytest.raises(ValidationError):
        parse_division_code("990109", length=6)


def test_it_masks_keeping_first_six_and_last_four() -> None:
    assert mask_id_number("310109198005041230") == "310109********1230"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("02165001234") == "*******1234"
    assert mask_id_number("") == ""


def test_it_folds_full_width_digits_and_spaces_typed_with_a_chinese_input_method() -> None:
    number = build_id_number("310109", dt.date(1980, 5, 4), 123)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert parse_id_number(full_width[:6] + " " + full_width[6:]).number == number
    assert parse_phone("１３８ １２３４ ５６７８") == "13812345678"


@pytest.mark.parametrize("value", ["31010919800504123\u0663", "\u06633101091980050412", "3101091980\u0660504123"])
def test_it_refuses_digits_that_are_not_ascii_with_a_message_not_a_crash(value: str) -> None:
    # Arabic-Indic digits are decimal to str.isdigit() but stay themselves under NFKC.
    with pytest.raises(ValidationError):
        parse_id_number(value)
    with pytest.raises(ValidationError):
        parse_phone("138123456\u0667")
    with pytest.raises(ValidationError):
        parse_division_code("31010901\u0666", length=9)


def test_it_asks_for_the_18_digit_number_when_given_an_old_15_digit_one() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_id_number("310109800504123")
    assert "15位" in excinfo.value.messages[0] and "18位" in excinfo.value.messages[0]
