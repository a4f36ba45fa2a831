from hypothesis import given
from hypothesis import strategies as st

from jiedao.org.names import AREA_SUFFIXES, area_index, area_key, compact, unit_index

AREAS = ["秀苑", "中虹", "凉城一村", "凉城二村", "复旦", "秀苑二"]
SPACES = st.text(st.sampled_from(" \t\u3000\u00a0\u200b\ufeff"), max_size=3)


def _spaced(name: str, gaps: list[str]) -> str:
    """``name`` with ``gaps[i]`` before character i (and the last after it)."""
    return "".join(gap + character for gap, character in zip(gaps, name, strict=False)) + gaps[-1]


@given(st.sampled_from(AREAS), st.sampled_from(("", *AREA_SUFFIXES)), st.lists(SPACES, min_size=12, max_size=12))
def test_an_area_is_found_whatever_spaces_and_suffix_it_is_written_with(
    name: str, suffix: str, gaps: list[str]
) -> None:
    index = area_index((area, area) for area in AREAS)

    match = index.find(_spaced(name + suffix, gaps))

    assert (match.found, match.choices) == (name, ())


@given(st.sampled_from(AREAS))
def test_a_full_width_digit_or_letter_matches_its_ascii_form(name: str) -> None:
    index = area_index([("凉城1村", 1), ("A区", 2)])

    assert index.find("凉城１村居委会").found == 1
    assert index.find("Ａ区").found == 2
    assert index.find(name).found is None


def test_an_area_registered_with_its_suffix_is_found_without_it_and_as_registered() -> None:
    index = area_index([("秀苑居民区", 1)])

    assert index.find("秀苑").found == 1
    assert index.find("秀苑居委会").found == 1
    assert index.find(" 秀苑居民区 ").found == 1


def test_a_name_that_fits_two_areas_finds_none_and_names_both() -> None:
    index = area_index([("秀苑", 1), ("秀苑居民区", 2)])

    ambiguous = index.find("秀苑居委会")

    assert ambiguous.found is None and ambiguous.choices == ("秀苑", "秀苑居民区")
    assert index.find("秀苑").found == 1  # as registered: no doubt
    assert index.find("秀 苑居民区").found == 2


def test_a_suffix_alone_or_another_name_is_not_an_area() -> None:
    index = area_index((area, area) for area in AREAS)

    for text in ["居委会", "居民区", "", "秀", "秀苑三", "中虹居委", "玉田"]:
        assert index.find(text).found is None and not index.find(text).choices
    assert area_key("居委会") == "居委会"


@given(st.text(max_size=20), st.lists(SPACES, min_size=21, max_size=21))
def test_compact_drops_exactly_the_spaces(text: str, gaps: list[str]) -> None:
    assert compact(_spaced(text, gaps)) == compact(text)
    assert compact(compact(text)) == compact(text)


def test_units_are_matched_exactly_apart_from_spaces() -> None:
    index = unit_index([("上海嘉春装饰设计工程有限公司", 1), ("上海嘉春装饰设计工程", 2)])

    assert index.find(" 上海嘉春 装饰设计工程有限公司\u3000").found == 1
    assert index.find("上海嘉春装饰设计工程").found == 2
    assert index.find("嘉春装饰").found is None
    assert index.find("上海嘉春装饰设计工程有限公司居委会").found is None
