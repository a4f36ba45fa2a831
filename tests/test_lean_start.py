"""What an app server process loads to serve requests (issue #13, docs/benchmarks.md)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from config.wsgi import application  # loads the URLconf, every view and the API
assert "jiedao.meetings.views" in sys.modules, "the URLconf was not loaded at start"
print(" ".join(sorted(m for m in ("weasyprint", "pango") if m in sys.modules)))
"""


def test_a_worker_loads_every_view_at_start_but_not_the_pdf_engine() -> None:
    # WeasyPrint (with Pango) costs a second and tens of megabytes per process: it is
    # loaded by the first PDF, not by serving pages that link to one.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == ""
