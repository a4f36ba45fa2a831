"""Certificate numbers and the masked name of a public verification page."""

import re

import pytest
import time_machine

from jiedao.core.certificates import ALPHABET, mask_name, new_certificate_number, normalise_certificate_number


@pytest.mark.parametrize(
    ("name", "masked"),
    [("王秀英", "王*英"), ("李建", "李*"), ("欧阳文华", "欧**华"), ("乐", "乐"), (" 陈懿 ", "陈*"), ("", "")],
)
def test_a_masked_name_keeps_the_first_and_the_last_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@time_machine.travel("2026-12-31 23:30 +08:00", tick=False)
def test_a_number_carries_the_local_year_and_random_unambiguous_characters() -> None:
    numbers = {new_certificate_number("ZY") for _ in range(200)}
    assert len(numbers) == 200
    for number in numbers:
        assert re.fullmatch(rf"ZY2026-[{ALPHABET}]{{10}}", number), number
    assert not set("ILOU") & set(ALPHABET)


def test_a_typed_number_is_found_whatever_its_case() -> None:
    assert normalise_certificate_number("  zy2026-7k3m9q2pxa ") == "ZY2026-7K3M9Q2PXA"
