"""Request bodies: JSON objects only.

Every body of this API is an object (a ``Schema``). ninja reads the fields of a body
out of whatever JSON it gets, so an array, a number or ``null`` used to count as an
empty object: a ``PATCH`` with the body ``[]`` answered 200 having changed nothing, and
a ``POST`` said "field required" instead of what was wrong. Refused here, it is a 400
``malformed_request`` with its own message (``errors.install``).
"""

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


class NotAnObject(ValueError):
    """Valid JSON that is not an object."""


class ObjectParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAnObject(type(data).__name__)
        return data
