"""Matching a name as people write it with the names registered in the org tree.

Rosters come from many hands: the registered residential area 秀苑 is also
written 秀苑居民区 or 秀苑居委会, with a space in the middle or a full-width
space at the end. ``NameIndex.find`` gives the one registered name the text
means, or the names it could mean when there is more than one, so the caller
can refuse it and say which. Units are matched exactly apart from whitespace:
dropping 有限公司 or the like could make two companies one.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from jiedao.core.validators import INVISIBLE_LEFTOVERS

T = TypeVar("T")

# Longest first: 居民委员会 is the full form of 居委会.
AREA_SUFFIXES = ("居民委员会", "居民区", "居委会")


def compact(text: str) -> str:
    """``text`` without any whitespace (the full-width space too) or zero-width characters."""
    return "".join(INVISIBLE_LEFTOVERS.sub("", text).split())


def area_key(name: str) -> str:
    """What two ways of writing one residential area have in common: compact, full-width
    letters and digits as ASCII (NFKC), without the 居民区/居委会 that offices add."""
    key = unicodedata.normalize("NFKC", compact(name))
    for suffix in AREA_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


@dataclass(frozen=True)
class NameMatch(Generic[T]):
    """The registered object the text means, or None; ``choices`` lists the registered names
    it could mean when there are several (then ``found`` is None)."""

    found: T | None
    choices: tuple[str, ...] = ()


class NameIndex(Generic[T]):
    """Registered (name, object) pairs, looked up as people write the names.

    The name written is matched first as registered (apart from whitespace),
    then by ``key``; a lookup that fits several names finds none of them."""

    def __init__(self, named: Iterable[tuple[str, T]], *, key: Callable[[str], str] = compact) -> None:
        self._key = key
        self._as_registered: dict[str, list[tuple[str, T]]] = defaultdict(list)
        self._by_key: dict[str, list[tuple[str, T]]] = defaultdict(list)
        for name, obj in named:
            self._as_registered[compact(name)].append((name, obj))
            self._by_key[key(name)].append((name, obj))

    def find(self, written: str) -> NameMatch[T]:
        for candidates in (self._as_registered.get(compact(written)), self._by_key.get(self._key(written))):
            if candidates and len(candidates) == 1:
                return NameMatch(candidates[0][1])
            if candidates:
                return NameMatch(None, tuple(sorted(name for name, _ in candidates)))
        return NameMatch(None)


def area_index(named: Iterable[tuple[str, T]]) -> NameIndex[T]:
    """Residential areas, found by their name with or without 居民区/居委会."""
    return NameIndex(named, key=area_key)


def unit_index(named: Iterable[tuple[str, T]]) -> NameIndex[T]:
    """Units, found by their exact name apart from whitespace."""
    return NameIndex(named)
