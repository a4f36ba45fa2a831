"""Case documents encrypted at rest, and read back as a stream.

A document is stored as AES-256-GCM in chunks of ``CHUNK`` bytes, with a key
derived (HKDF, like ``core.crypto``) from the house's ``JIEDAO_FIELD_KEY`` for this
purpose only. Layout: ``MAGIC`` and an 8-byte random file prefix, then each chunk
sealed with the nonce ``prefix + counter`` and the additional data ``b"last"`` on
the final chunk only, so that a file cut short, reordered or spliced from another
one fails to decrypt instead of yielding part of a document. A download decrypts
chunk by chunk (``decrypted_chunks``): a 10 MB PDF is never held whole in memory.

Whoever copies ``MEDIA_ROOT`` (a backup, a stolen disk) gets no document without
the key, which lives in the environment, not in the database or the media folder.
"""

import os
import struct
from collections.abc import Iterator
from functools import lru_cache
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"JDLA1\n"
PREFIX_BYTES = 8
CHUNK = 64 * 1024
TAG = 16
LAST = b"last"


class CorruptDocument(Exception):
    """The stored bytes are not a document sealed with this key."""


@lru_cache(maxsize=4)
def _aead(field_key: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"jiedao", info=b"legalaid-documents").derive(
        field_key.encode()
    )
    return AESGCM(key)


def _nonce(prefix: bytes, counter: int) -> bytes:
    return prefix + struct.pack(">I", counter)


def encrypt(data: bytes) -> bytes:
    """``data`` sealed as described in the module (an empty file is one empty chunk)."""
    aead = _aead(settings.JIEDAO_FIELD_KEY)
    prefix = os.urandom(PREFIX_BYTES)
    parts = [MAGIC, prefix]
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    for counter, chunk in enumerate(chunks):
        last = counter == len(chunks) - 1
        parts.append(aead.encrypt(_nonce(prefix, counter), chunk, LAST if last else None))
    return b"".join(parts)


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


def decrypted_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """The plain bytes of a sealed file, a chunk at a time; ``CorruptDocument`` if
    it was altered, cut short or sealed with another key. Closes ``handle``."""
    try:
        aead = _aead(settings.JIEDAO_FIELD_KEY)
        head = handle.read(len(MAGIC) + PREFIX_BYTES)
        if not is_encrypted(head) or len(head) < len(MAGIC) + PREFIX_BYTES:
            raise CorruptDocument("not a sealed document")
        prefix = head[len(MAGIC) :]
        counter = 0
        sealed = handle.read(CHUNK + TAG)
        while True:
            following = handle.read(CHUNK + TAG)
            last = not following
            try:
                yield aead.decrypt(_nonce(prefix, counter), sealed, LAST if last else None)
            except InvalidTag:
                raise CorruptDocument("a chunk does not decrypt") from None
            if last:
                return
            sealed, counter = following, counter + 1
    finally:
        handle.close()


def decrypt(data: bytes) -> bytes:
    """The whole plain content (tests, the conversion of old files)."""
    import io

    return b"".join(decrypted_chunks(io.BytesIO(data)))
