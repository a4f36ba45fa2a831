"""Views and API endpoints of the dues and unions apps are thin: they call access
functions, selectors and services, and run no query of their own."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    [
        *(ROOT / "dues" / "views").glob("*.py"),
        *(ROOT / "unions" / "views").glob("*.py"),
        ROOT / "dues" / "api.py",
        ROOT / "unions" / "api.py",
    ]
)


def _queries(path: Path) -> list[str]:
    """Each ``X.objects`` a module names (a model's manager: a query of its own)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_a_view_module_runs_no_query_of_its_own(path: Path) -> None:
    assert _queries(path) == []
