"""Development and placeholder keys never run production (issue #14, item 9): the
settings refuse a known key when DEBUG is off, and ``check --deploy`` refuses known,
short and regular keys whatever DEBUG says (``jiedao.core.keys``, ``core.checks``)."""

import os
import random
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from jiedao.core.checks import check_keys
from jiedao.core.keys import DEV_FIELD_KEY, DEV_SECRET_KEY, KNOWN_KEYS, is_known_key, key_problem

ROOT = Path(__file__).resolve().parents[3]
GOOD_SECRET = "q7Vb0-3kWm9xZr2_LpT8sYc4NfH1uJe6AaDgKiOo5lPwQzXnRt7"
GOOD_FIELD = "c2Jk9-Xq4WmT7zLr0_VsYb3NfH8uPe1A"
KEYS = ("SECRET_KEY", "JIEDAO_FIELD_KEY")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "JIEDAO_FIELD_KEY"}}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", ALLOWED_HOSTS="jiedao.example.gov.cn", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def env_example_values() -> dict[str, str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"^(SECRET_KEY|JIEDAO_FIELD_KEY)=(.*)$", text, flags=re.MULTILINE))


# Start-up -------------------------------------------------------------------------


def test_the_placeholders_of_env_example_are_known_keys() -> None:
    values = env_example_values()
    assert set(values) == set(KEYS)
    assert all(value in KNOWN_KEYS for value in values.values())


@pytest.mark.parametrize(("name", "value"), list(zip(KEYS * 2, sorted(KNOWN_KEYS), strict=True)))
def test_production_refuses_to_start_with_a_known_key(name: str, value: str) -> None:
    keys = {"SECRET_KEY": GOOD_SECRET, "JIEDAO_FIELD_KEY": GOOD_FIELD, name: value}
    result = manage("check", DEBUG="0", **keys)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} is a development or placeholder key" in result.stderr


def test_development_starts_with_its_own_keys() -> None:
    assert manage("check", DEBUG="1").returncode == 0


# The deploy check -------------------------------------------------------------------


def test_check_deploy_fails_on_the_development_keys_even_under_debug() -> None:
    result = manage("check", "--deploy", DEBUG="1")
    assert result.returncode != 0
    assert "(jiedao.E001) SECRET_KEY is a development or placeholder key" in result.stderr
    assert "(jiedao.E001) JIEDAO_FIELD_KEY is a development or placeholder key" in result.stderr


def test_check_deploy_fails_on_keys_that_start_but_are_weak() -> None:
    result = manage("check", "--deploy", DEBUG="0", SECRET_KEY=GOOD_SECRET[:40], JIEDAO_FIELD_KEY="ab" * 20)
    assert result.returncode != 0
    assert "(jiedao.E002) SECRET_KEY must be at least 50 characters long." in result.stderr
    assert "(jiedao.E003) JIEDAO_FIELD_KEY is too regular" in result.stderr


def test_check_deploy_passes_our_check_with_good_keys() -> None:
    result = manage("check", "--deploy", DEBUG="0", SECRET_KEY=GOOD_SECRET, JIEDAO_FIELD_KEY=GOOD_FIELD)
    assert "jiedao.E" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("secret", "field", "ids"),
    [
        (DEV_SECRET_KEY, DEV_FIELD_KEY, {"jiedao.E001"}),
        ("django-insecure-" + GOOD_SECRET, GOOD_FIELD, {"jiedao.E001"}),
        (GOOD_SECRET, "change-me-" + GOOD_FIELD, {"jiedao.E001"}),
        (GOOD_SECRET[:49], GOOD_FIELD, {"jiedao.E002"}),
        (GOOD_SECRET, GOOD_FIELD[:31], {"jiedao.E002"}),
        ("x" * 60, GOOD_FIELD, {"jiedao.E003"}),
        ("0123456789" * 6, GOOD_FIELD, {"jiedao.E003"}),
        (GOOD_SECRET, "abcd" * 16, {"jiedao.E003"}),
        (GOOD_SECRET, "abcacbbacabcbacaabccbacbabcacbab", {"jiedao.E003"}),  # 3 letters: 51 bits
        (GOOD_SECRET, GOOD_FIELD, set()),
    ],
)
def test_the_deploy_check_names_each_problem(settings: Settings, secret: str, field: str, ids: set[str]) -> None:
    settings.SECRET_KEY, settings.JIEDAO_FIELD_KEY = secret, field
    assert {message.id for message in check_keys()} == ids
    assert all(message.is_serious() for message in check_keys())


# The rules over their classes of input ----------------------------------------------

ALPHABETS = [string.hexdigits.lower()[:16], string.ascii_letters + string.digits + "-_"]


@given(st.sampled_from(ALPHABETS), st.integers(0, 40), st.integers(0, 2**32))
def test_random_keys_of_the_minimum_length_pass(alphabet: str, extra: int, seed: int) -> None:
    """A random key, down to 32 hex digits, is never taken for a regular one."""
    rnd = random.Random(seed)  # pseudo-random characters (hypothesis' own would shrink to "000…")
    for name, minimum in (("SECRET_KEY", 50), ("JIEDAO_FIELD_KEY", 32)):
        key = "".join(rnd.choice(alphabet) for _ in range(minimum + extra))
        assert key_problem(name, key) is None, key


def test_real_generators_pass() -> None:
    for _ in range(200):
        assert key_problem("SECRET_KEY", secrets.token_urlsafe(48)) is None
        assert key_problem("JIEDAO_FIELD_KEY", secrets.token_hex(16)) is None


@given(st.text(alphabet=string.printable.strip(), min_size=1, max_size=16), st.integers(2, 20))
def test_a_repeated_string_is_refused(unit: str, times: int) -> None:
    key = unit * max(times, -(-64 // len(unit)))  # at least 64 characters: long enough
    assert key_problem("JIEDAO_FIELD_KEY", key) is not None
    assert key_problem("SECRET_KEY", key) is not None


@given(st.sampled_from(["dev-only-", "change-me", "django-insecure-"]), st.text(max_size=60))
def test_any_variant_of_a_published_key_is_known(prefix: str, rest: str) -> None:
    assert is_known_key(prefix + rest)
    assert key_problem("SECRET_KEY", prefix + rest).check_id == "jiedao.E001"  # type: ignore[union-attr]
