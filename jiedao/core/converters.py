"""The ``<id:pk>`` path converter: a database id in a page URL.

Django's ``<int:pk>`` takes any number of digits, and a number beyond 64 bits then
fails in the database driver (``OverflowError`` on SQLite, ``DataError`` on
PostgreSQL): a 500 for a typo. ``<id:pk>`` matches only ids a ``bigint`` primary key
can hold, so anything larger is the plain 404 of an id that does not exist.

``CoreConfig.ready`` registers it, before any URL module is read.
"""

from django.urls.converters import IntConverter

# The largest signed 64-bit integer: the top of PostgreSQL's bigint and of SQLite's
# INTEGER, so the top of every primary key we have (``BigAutoField``).
MAX_ID = 2**63 - 1


class IdConverter(IntConverter):
    # 19 digits at most; a 19-digit number above MAX_ID is refused in to_python. The
    # bound on the length also keeps int() away from huge strings.
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django: no match, so 404
        return number
