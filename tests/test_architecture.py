"""The layout rules of docs/architecture.md that a machine can check."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500

# The programmes, and the one piece of them others may build on.
PROGRAMMES = {
    "activities",
    "meetings",
    "counselling",
    "unions",
    "dues",
    "legalaid",
    "party",
    "volunteering",
    "training",
    "employment",
}
SHARED_PROGRAMME = "activities"  # the activity and QR sign-in core: meetings, lectures, classes use it
# The few programmes that read another's records, each for a reason the issue states:
BUILDS_ON = {
    "dues": {"unions", "meetings"},  # the assessment depends on the union; 表彰 becomes a meeting item
    "party": {"volunteering"},  # 三个一: the claimed service with verified hours
    "employment": {"training"},  # follow-up of trainees after their class
}
# Above the programmes, naming none of them: they ask every app through an AppConfig hook
# (a story, a ledger, a chart) and may use the shared activities core.
ABOVE = {"bulletin", "ledgers", "dashboards"}
# Below the programmes, only the API's wiring names them (it mounts their routers).
WIRING = {"jiedao/api/main.py"}


def _python_files(*folders: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_core_imports_nothing_of_ours_above_it() -> None:
    # core's tests are left out: they check the project as a whole (translations of
    # every app's strings) and need the apps above.
    offences = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _python_files("jiedao/core")
        if "tests" not in path.relative_to(ROOT).parts
        for name in sorted(_imported_modules(path))
        if name.startswith("jiedao.") and not name.startswith("jiedao.core")
    ]
    assert offences == []


def test_the_foundation_does_not_reach_up_to_the_residents_side() -> None:
    """Staff accounts, the registry and the org tree work without ``residents`` (SMS
    sign-in, binding, step-up), which builds on them."""
    offences = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _python_files("jiedao/org", "jiedao/accounts", "jiedao/people")
        if "tests" not in path.relative_to(ROOT).parts
        for name in sorted(_imported_modules(path))
        if name.startswith("jiedao.residents")
    ]
    assert offences == []


def test_no_module_is_longer_than_the_limit() -> None:
    over = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in _python_files("jiedao", "tests", "bench", "config")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert over == [], "split these modules by sub-domain (docs/architecture.md)"


def _app_of(path: Path) -> str:
    parts = path.relative_to(ROOT / "jiedao").parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def test_programmes_depend_downwards_only() -> None:
    """No programme uses another's internals (only the shared activities core), and
    nothing below the programmes names one."""
    offences = []
    for path in _python_files("jiedao"):
        app, where = _app_of(path), str(path.relative_to(ROOT))
        if "tests" in path.relative_to(ROOT).parts or where in WIRING or app == "demo":
            continue
        for name in _imported_modules(path):
            other = name.split(".")[1] if name.startswith("jiedao.") else ""
            allowed = {app, *BUILDS_ON.get(app, ())} | ({SHARED_PROGRAMME} if app in PROGRAMMES | ABOVE else set())
            if other in PROGRAMMES and other not in allowed:
                offences.append(f"{where}: {name}")
    assert sorted(offences) == []


def test_pages_and_the_api_share_through_services_not_through_each_other() -> None:
    def layer(path: Path) -> str:
        return path.parent.name if path.parent.name in ("views", "api") else path.stem

    offences = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _python_files("jiedao")
        if "tests" not in path.relative_to(ROOT).parts and layer(path) in ("views", "api")
        for name in sorted(_imported_modules(path))
        if name.startswith("jiedao.") and {"views", "api"} - {layer(path)} & set(name.split(".")[2:3])
    ]
    assert offences == []
