"""Which keys may sign sessions (``SECRET_KEY``) and encrypt personal numbers
(``JIEDAO_FIELD_KEY``) in production.

One list of known keys — the development defaults and the placeholders of
``.env.example`` — read by the settings, which refuse a known key at start-up when
DEBUG is off, and by the deploy check (``jiedao.core.checks``), which also refuses
keys that are too short or too regular. Plain Python: the settings import it before
Django is set up.
"""

import math
from collections import Counter
from typing import NamedTuple

DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"
DEV_FIELD_KEY = "dev-only-insecure-field-key-do-not-use-in-production"

KNOWN_KEYS = frozenset(
    {
        DEV_SECRET_KEY,
        DEV_FIELD_KEY,
        # The placeholders of .env.example (a test keeps the two in step).
        "change-me-to-a-long-random-string",
        "change-me-to-another-long-random-string-of-32-or-more",
    }
)
# Any variant of those, and the keys of ``django-admin startproject``.
KNOWN_KEY_PREFIXES = ("dev-only-", "change-me", "django-insecure-")

# Django asks the same length of SECRET_KEY (security.W009); the blind index of an ID
# number is only as strong as the field key, and the numbers are few enough to try.
MIN_LENGTH = {"SECRET_KEY": 50, "JIEDAO_FIELD_KEY": 32}
# Far below what a random key of the minimum length carries (32 hex digits: about
# 115 bits by this estimate, never under 90), far above a word repeated.
MIN_ESTIMATED_BITS = 64


def is_known_key(value: str) -> bool:
    return value in KNOWN_KEYS or value.startswith(KNOWN_KEY_PREFIXES)


def estimated_bits(value: str) -> float:
    """The key's length times the Shannon entropy of its own characters: a rough
    upper bound that is low for a key made of few characters."""
    counts = Counter(value)
    return -sum(n * math.log2(n / len(value)) for n in counts.values())


def is_periodic(value: str) -> bool:
    """``abcabcabc``: one shorter string repeated."""
    return len(value) > 1 and value in (value + value)[1:-1]


class KeyProblem(NamedTuple):
    check_id: str  # the deploy check's id
    message: str


def key_problem(name: str, value: str) -> KeyProblem | None:
    """Why ``value`` may not be the production ``name`` key, or None."""
    if is_known_key(value):
        return KeyProblem("jiedao.E001", f"{name} is a development or placeholder key published with the source code.")
    minimum = MIN_LENGTH[name]
    if len(value) < minimum:
        return KeyProblem("jiedao.E002", f"{name} must be at least {minimum} characters long.")
    if is_periodic(value) or estimated_bits(value) < MIN_ESTIMATED_BITS:
        return KeyProblem("jiedao.E003", f"{name} is too regular to be a random key.")
    return None
