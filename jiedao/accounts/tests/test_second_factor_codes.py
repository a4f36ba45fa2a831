"""Codes as people type them: the app's six digits and the recovery codes, in any
case, with spaces or hyphens, in full-width characters from a Chinese input method."""

from hypothesis import given
from hypothesis import strategies as st

from jiedao.accounts.second_factor import devices

BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
SEPARATORS = st.sampled_from(["", " ", "-", "\u3000", "－", "\t"])


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def typed(draw: st.DrawFn, code: str) -> str:
    """``code`` with separators between its characters, maybe upper case, maybe full width."""
    text = "".join(c + draw(SEPARATORS) for c in code)
    if draw(st.booleans()):
        text = text.upper()
    return full_width(text) if draw(st.booleans()) else text


@given(st.data(), st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_six_digits_however_typed_are_an_app_code(data: st.DataObject, code: str) -> None:
    normal = devices.normalise_code(data.draw(typed(code)))
    assert normal == code and devices.is_totp_code(normal)


@given(st.data(), st.text(alphabet=BASE32, min_size=10, max_size=10))
def test_a_recovery_code_however_typed_is_the_same_code(data: st.DataObject, code: str) -> None:
    assert devices.normalise_code(data.draw(typed(devices.shown(code)))) == code
    assert devices.recovery_digest(devices.normalise_code(devices.shown(code).upper())) == devices.recovery_digest(code)


@given(st.text(alphabet="0123456789", min_size=0, max_size=12).filter(lambda s: len(s) != 6))
def test_other_lengths_are_no_app_code(digits: str) -> None:
    assert not devices.is_totp_code(devices.normalise_code(digits))


@given(st.text(alphabet="٠١٢٣٤٥٦٧٨٩०१२३४५६७८९", min_size=6, max_size=6))
def test_digits_of_other_scripts_are_no_app_code(code: str) -> None:
    assert not devices.is_totp_code(devices.normalise_code(code))


def test_recovery_codes_are_ten_characters_of_base32() -> None:
    codes = {devices.new_recovery_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 10 and set(code) <= set(BASE32) for code in codes)
