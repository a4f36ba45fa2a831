"""A user's second-factor devices on django-otp's models, and the codes they take.

One confirmed ``TOTPDevice`` (the authenticator app) and one ``StaticDevice`` holding
the recovery codes, each used once. A recovery code is stored only as a keyed hash
(``core.crypto.blind_index``): the list is shown once, and the database alone does not
give it back. A device being enrolled is an unconfirmed ``TOTPDevice``: django-otp
never counts it for a login.
"""

import re
import secrets
import unicodedata

from django.db.models import Count
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiedao.accounts.models import User
from jiedao.core.crypto import blind_index

RECOVERY_CODE_COUNT = 10
# Ten characters of base32 (a–z, 2–7): 50 random bits each, shown as two groups of five.
RECOVERY_CODE_LENGTH = 10
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
TOTP_DIGITS = 6  # django-otp's default, what every authenticator app shows
# Longer input is no code of ours: refused before any device is asked.
MAX_CODE_LENGTH = 64

TOTP_NAME = "totp"
RECOVERY_NAME = "recovery"


def normalise_code(raw: str) -> str:
    """A code as typed, ready to compare: full-width digits and letters (a Chinese
    input method) made ASCII, spaces and hyphens dropped, lower case."""
    text = unicodedata.normalize("NFKC", raw)
    return re.sub(r"[\s\-－—]", "", text).lower()


def is_totp_code(code: str) -> bool:
    """Six digits: a code from the app (anything else is tried as a recovery code)."""
    return re.fullmatch(rf"[0-9]{{{TOTP_DIGITS}}}", code) is not None


def recovery_digest(code: str) -> str:
    """What the database keeps of a recovery code (django-otp's column holds 16 characters)."""
    return blind_index(code, purpose="recovery_code")[: StaticToken._meta.get_field("token").max_length]


def new_recovery_code() -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def shown(code: str) -> str:
    """A recovery code as the page shows it: ``abcde-fghij``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def unconfirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def recovery_codes_left(user: User) -> int:
    counted = StaticDevice.objects.filter(user=user, confirmed=True).aggregate(n=Count("token_set"))
    return int(counted["n"] or 0)


def delete_devices(user: User) -> None:
    """Every second-factor device of ``user``, confirmed or not, with its codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # its tokens go with it
