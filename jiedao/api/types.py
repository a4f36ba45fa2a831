"""Types shared by the API's parameters and bodies.

``Id`` is every database id a client sends: a path parameter, a filter, an id in a
body. Python's ``int`` has no bound, but the database's ``bigint`` has: a larger
number used to reach the driver and fail there (``OverflowError`` on SQLite,
``DataError`` on PostgreSQL), a 500. Bounded here, it is a 422 in the error shape
naming the parameter, like any other malformed input.
"""

from typing import Annotated

from pydantic import Field

from jiedao.core.converters import MAX_ID

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
