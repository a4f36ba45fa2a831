import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiedao.people.pinyin import MAX_VARIANTS, search_keys


def test_it_gives_full_pinyin_and_initials_for_both_readings_of_the_surname_le() -> None:
    keys = search_keys("乐跃明").split()
    assert {"yueyueming", "yym", "leyueming", "lym"} <= set(keys)


def test_it_puts_the_surname_reading_first() -> None:
    assert search_keys("单田芳").split()[:2] == ["shantianfang", "stf"]


def test_it_ignores_spaces_inside_a_name() -> None:
    assert search_keys("王 秀英") == search_keys("王秀英")


def test_it_gives_nothing_for_an_empty_name() -> None:
    assert search_keys("   ") == ""


def test_it_caps_the_variants_of_a_name_full_of_polyphonic_characters() -> None:
    keys = search_keys("乐长重行行").split()
    assert len(keys) <= 2 * MAX_VARIANTS


def test_a_latin_name_part_stays_one_token_and_punctuation_separates() -> None:
    assert search_keys("Anna李").split() == ["annali", "al"]
    assert "abudureheman" in search_keys("阿卜杜·热合曼").split()


def test_every_reading_of_a_surname_survives_the_cap_on_variants() -> None:
    keys = search_keys("乐行长行").split()  # three polyphonic given-name characters
    assert any(key.startswith("yue") for key in keys)
    assert any(key.startswith("le") for key in keys)


@pytest.mark.parametrize("text", ["<>", "·", "！？", "^", "—", "\x07", "\u200b", "\u0301", "😀"])
def test_it_gives_nothing_for_a_text_without_a_letter_or_a_han_character(text: str) -> None:
    assert search_keys(text) == ""


def test_every_han_block_gives_a_key() -> None:
    for char in ("𠮷", "\u4dbf", "\ufa0e", "\U0002f800", "\U00030000", "〇"):
        assert search_keys(char + "野"), char


@given(st.text(st.characters(codec=None), max_size=30) | st.text(st.sampled_from(["乐", "长", "·", " ", "a", "\x07"])))
def test_it_never_fails_whatever_the_text(text: str) -> None:
    assert isinstance(search_keys(text), str)
