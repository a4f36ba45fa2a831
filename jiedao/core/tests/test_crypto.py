import pytest
from cryptography.exceptions import InvalidTag
from pytest_django import Settings

from jiedao.core import crypto


def test_it_round_trips_and_never_repeats_a_ciphertext() -> None:
    first, second = crypto.encrypt("310109198005041230"), crypto.encrypt("310109198005041230")
    assert first != second
    assert "310109198005041230" not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == "310109198005041230"


def test_it_refuses_a_tampered_ciphertext() -> None:
    token = crypto.encrypt("secret")
    tampered = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    with pytest.raises((InvalidTag, ValueError)):
        crypto.decrypt(tampered)


def test_the_blind_index_is_stable_keyed_and_separated_by_purpose(settings: Settings) -> None:
    a = crypto.blind_index("13812345678", purpose="phone")
    assert a == crypto.blind_index("13812345678", purpose="phone")
    assert a != crypto.blind_index("13812345678", purpose="id_number")
    settings.JIEDAO_FIELD_KEY = "another-key"
    assert a != crypto.blind_index("13812345678", purpose="phone")


def test_a_different_key_cannot_read_old_values(settings: Settings) -> None:
    token = crypto.encrypt("secret")
    settings.JIEDAO_FIELD_KEY = "another-key"
    with pytest.raises(InvalidTag):
        crypto.decrypt(token)
