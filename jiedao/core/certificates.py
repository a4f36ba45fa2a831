"""What every certificate Jiedao issues shares (volunteer hours, training completion):
an unguessable number, and the masked name a public verification page may show.

The number is printed with a QR code to a public page. It is random, not a sequence: a
sequence would let anyone walk the verification page through every holder.
"""

import secrets

from django.utils import timezone

# Crockford's base32 without I, L, O, U: nothing to misread when the number is typed in.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 10  # 50 bits: guessing one number of a million issued takes ~10⁹ tries


def new_certificate_number(prefix: str) -> str:
    """``<PREFIX><year>-<10 random characters>``, e.g. ``ZY2026-7K3M9Q2PXA``. Store it under a
    unique constraint; a collision (about one in 10¹⁵ per pair) fails the insert."""
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{prefix}{timezone.localdate().year}-{random_part}"


def normalise_certificate_number(text: str) -> str:
    """A number as someone typed it: case and surrounding spaces do not matter."""
    return text.strip().upper()


def mask_name(name: str) -> str:
    """The name a public page may show: the first character and the last of three or more
    (张*明, 欧阳**华), the first alone of two (王*); a one-character name stays as it is."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
