"""Field-level encryption and blind indexes for sensitive personal information.

Two keys are derived from ``JIEDAO_FIELD_KEY`` with HKDF: one for AES-GCM
encryption, one for HMAC-SHA256 lookups. Ciphertexts carry a version prefix so
that the key can be rotated later without guessing.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "v1:"


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"jiedao", info=purpose).derive(
        settings.JIEDAO_FIELD_KEY.encode()
    )


@lru_cache(maxsize=4)
def _keys(field_key: str) -> tuple[AESGCM, bytes]:
    return AESGCM(_derive(b"field-encryption")), _derive(b"blind-index")


def _current() -> tuple[AESGCM, bytes]:
    return _keys(settings.JIEDAO_FIELD_KEY)


def encrypt(plain: str) -> str:
    aead, _ = _current()
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, plain.encode(), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("unknown ciphertext version")
    raw = base64.urlsafe_b64decode(token[len(PREFIX) :])
    aead, _ = _current()
    return aead.decrypt(raw[:12], raw[12:], None).decode()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for equality lookups; ``purpose`` keeps indexes of different fields apart."""
    _, key = _current()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
