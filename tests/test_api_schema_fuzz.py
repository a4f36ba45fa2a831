"""Schemathesis over the API's own OpenAPI document: every operation is called with
generated requests, valid and invalid, and must answer as documented — never a 5xx,
never a status the document does not declare, bodies in the declared shapes.

In process, through Django's WSGI handler (no server), on the demo data (a small
crowd) inside a transaction that is rolled back, as the demo's sub-district admin and
as a resident (each generated request is sent once as each). Bounded and repeatable: a fixed number
of examples per operation and a fixed seed (Hypothesis derandomised, no example
database), and a time cap for the whole module. Past the cap each remaining operation
fails rather than being skipped: a green run has checked every operation. The normal
run takes a third of the cap or less on a busy two-core machine. See ``docs/api.md``.
"""

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, transaction
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jiedao.accounts.models import User
from jiedao.accounts.tokens import token_issue
from jiedao.demo.loader import load_demo

EXAMPLES_PER_OPERATION = 10
SEED = 14
# Seconds for the whole run: a budget against a run grown slow (an operation whose
# examples got costly), not a timing assertion. The normal run takes 40–110 s.
TIME_CAP = 300
# Who calls: the demo's sub-district admin (every staff operation in scope) and a resident.
CALLERS = ("admin", "worker")
# Revoking the caller's token would leave the rest of the run unauthenticated.
EXCLUDED_PATH = "^/api/v1/auth/token/revoke$"

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        # Hypothesis's health checks judge the generation (slow, filtered, large), not the
        # API; and each operation's examples share one savepoint (see demo_tokens) on purpose.
        "suppress-health-check": ["all"],
        "generation": {
            "mode": "all",  # valid requests and invalid ones
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
    }
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="fuzzed on SQLite only: the same document and API layer, for half of CI's time (docs/api.md)",
)


# Loaded at collection through the WSGI handler, as a client gets it (the document
# needs no database). One pytest test per operation.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG).exclude(
    path_regex=EXCLUDED_PATH
)


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """The demo, loaded once for the module inside a transaction that is rolled back at
    its end; each operation's test runs in a savepoint of it (pytest-django's ``db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(residents=40)
        yield {name: token_issue(user=User.objects.get(username=name))[0] for name in CALLERS}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def deadline() -> float:
    return time.monotonic() + TIME_CAP


@schema.parametrize()
def test_the_operation_answers_as_documented(
    case: schemathesis.Case[Any], demo_tokens: dict[str, str], deadline: float, db: None
) -> None:
    if time.monotonic() > deadline:
        pytest.fail(
            f"the fuzz run passed its time cap of {TIME_CAP} s before this operation, which was not checked: "
            "find the operation that grew slow (-v --durations=15), or raise TIME_CAP knowingly"
        )
    for name in CALLERS:
        case.call_and_validate(headers={"Authorization": f"Bearer {demo_tokens[name]}"}, checks=CHECKS)
