"""Every command the deployment guide schedules exists (a typo in a cron line fails silently)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands


def test_every_scheduled_command_exists() -> None:
    guide = (Path(settings.BASE_DIR) / "docs" / "deployment.md").read_text(encoding="utf-8")
    named = set(re.findall(r"python manage\.py ([a-z_]+)", guide))
    assert {"archive_audit_log", "clearsessions", "prune_db_task_results", "axes_reset_logs"} <= named
    assert named - set(get_commands()) == set()
