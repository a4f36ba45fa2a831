"""Request bodies and query strings, checked before any parameter is read.

Every body of this API is an object (a ``Schema``). ninja reads the fields of a body
out of whatever JSON it gets, so an array, a number or ``null`` used to count as an
empty object: a ``PATCH`` with the body ``[]`` answered 200 having changed nothing, and
a ``POST`` said "field required" instead of what was wrong. Refused here, it is a 400
``malformed_request`` with its own message (``errors.install``).

No string of a body or a query may hold U+0000 or a lone surrogate
(``validators.UNSTORABLE_CHARACTERS``): a username holding one used to fail in the
database or the password hasher, a 500, and a search term holding U+0000 failed every
list on PostgreSQL. Refused here for every operation at once, it is a 422
``invalid_request`` naming where it was, like any other malformed parameter; the
services refuse the other control characters field by field (``clean_text``).
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

from jiedao.core.validators import UNSTORABLE_CHARACTERS, control_characters_message

Location = tuple[str | int, ...]


class NotAnObject(ValueError):
    """Valid JSON that is not an object."""


class UnstorableText(ValidationError):
    """A string of the request that holds a character no text can hold."""

    def __init__(self, location: Location, characters: list[str]) -> None:
        message = control_characters_message(characters)
        super().__init__([{"type": "unstorable_characters", "loc": location, "msg": message}])


def refuse_unstorable(value: Any, location: Location) -> None:
    """Raise ``UnstorableText`` for the first string in ``value`` (a JSON value: objects
    and arrays are searched, keys included) that holds such a character."""
    if isinstance(value, str):
        if found := UNSTORABLE_CHARACTERS.findall(value):
            raise UnstorableText(location, list(dict.fromkeys(found)))
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_unstorable(key, location)
            refuse_unstorable(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_unstorable(item, (*location, index))


class ObjectParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAnObject(type(data).__name__)
        refuse_unstorable(data, ("body",))  # ninja answers 400 for any error here: errors.install makes it 422
        return data

    def parse_querydict(self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest) -> Any:
        query = super().parse_querydict(data, list_fields, request)
        refuse_unstorable(query, ("query",))
        return query
