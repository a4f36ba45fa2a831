"""Numbers beyond what the database holds, in the pages' URLs (issue #14, item 6): a
database id in a path is ``<id:pk>`` (``jiedao.core.converters``), which matches only
ids a ``bigint`` can hold, so a 20-digit id is the plain 404 of an id that does not
exist (it used to be an OverflowError on SQLite, a DataError on PostgreSQL: a 500).
And a list page's ``?page=`` out of range gives the nearest page.

The patterns are found by walking the URL resolver, as the access matrix does.
"""

import contextlib
import re
from collections.abc import Sequence

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from jiedao.core.converters import MAX_ID, IdConverter
from jiedao.testing import World

# The admin site keeps its own ``<path:object_id>``; the API has its own tests (test_huge_numbers).
SKIPPED_NAMESPACES = ("admin", "api")
# Past the 64-bit integers (and so past any id), written as a client would.
HUGE = ["9223372036854775808", "10000000000000000001", "99999999999999999999", "9" * 40]


def _walk(
    patterns: Sequence[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> list[tuple[str, str, URLPattern]]:
    found: list[tuple[str, str, URLPattern]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}", prefix + str(entry.pattern), entry))
    return found


PATTERNS = _walk(get_resolver().url_patterns)
WITH_IDS = [(name, route) for name, route, _ in PATTERNS if "<id:" in route]


def url_with(route: str, number: str) -> str:
    """``route`` with every id ``number`` and any other part a plain word."""
    return "/" + re.sub(r"<(\w+):(\w+)>", lambda m: number if m[1] == "id" else "id_number", route)


def test_every_number_in_a_page_path_is_an_id() -> None:
    """No page takes ``<int:…>`` (any number of digits) any more."""
    plain_ints = [
        name
        for name, _, pattern in PATTERNS
        if isinstance(pattern.pattern, RoutePattern)
        and any(type(c) is IntConverter for c in pattern.pattern.converters.values())
    ]
    assert plain_ints == []
    assert len(WITH_IDS) > 40  # the walk found the programmes' pages


@pytest.mark.parametrize("number", ["1", "42", str(MAX_ID)])
def test_the_converter_takes_the_ids_a_bigint_holds(number: str) -> None:
    converter = IdConverter()
    assert re.fullmatch(converter.regex, number)
    assert converter.to_python(number) == int(number)
    assert converter.to_url(int(number)) == number


@pytest.mark.parametrize("number", ["0", "00", str(MAX_ID + 1), "9999999999999999999"])
def test_the_converter_refuses_what_no_id_can_be(number: str) -> None:
    with pytest.raises(ValueError):
        IdConverter().to_python(number)


# One test over all the pages (the world is built once): the offenders are listed.


def test_no_page_url_matches_a_huge_id() -> None:
    matched = []
    for name, route in WITH_IDS:
        for number in HUGE:
            with contextlib.suppress(Resolver404):
                matched.append((name, number, resolve(url_with(route, number)).url_name))
    assert matched == []


def test_a_page_with_a_huge_id_is_not_found(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    answers = {
        (name, method): getattr(client, method)(url_with(route, HUGE[-1])).status_code
        for name, route in WITH_IDS
        for method in ("get", "post")
    }
    assert {key: status for key, status in answers.items() if status != 404} == {}


def test_a_page_with_the_largest_id_reaches_the_database_and_is_not_found(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    answers = {name: client.get(url_with(route, str(MAX_ID))).status_code for name, route in WITH_IDS}
    # 403 for a page the admin may not open at all, 405 for a form that takes POST only.
    assert {name: status for name, status in answers.items() if status not in (403, 404, 405)} == {}


PAGES_WITHOUT_PARAMETERS = [(name, route) for name, route, _ in PATTERNS if "<" not in route]
ODD_PAGE_NUMBERS = ["99999999999999999999", "10000000000000000001", "-1", "0", "1e400", "inf", "NaN", "9" * 5000]


def test_an_odd_page_number_is_never_a_server_error(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    answers = {
        (name, page[:20]): client.get(f"/{route}", {"page": page}).status_code
        for name, route in PAGES_WITHOUT_PARAMETERS
        for page in ODD_PAGE_NUMBERS
    }
    assert len(answers) > 100
    assert {key: status for key, status in answers.items() if status >= 500} == {}
