import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "JIEDAO_FIELD_KEY"}}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789abcdefghij",
        JIEDAO_FIELD_KEY="a-production-field-key-of-at-least-32-characters",
        ALLOWED_HOSTS="jiedao.example.gov.cn",
        JIEDAO_SMS_BACKEND="jiedao.core.sms.aliyun.AliyunSmsBackend",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("JIEDAO_SMS_BACKEND", "jiedao.core.notifications.ConsoleSmsBackend", "jiedao.W003"),
        ("JIEDAO_REQUIRE_SECOND_FACTOR", "0", "jiedao.W004"),
    ],
)
def test_the_deployment_checks_warn_of_development_account_settings(setting: str, value: str, check_id: str) -> None:
    production = {
        "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdefghij",
        "JIEDAO_FIELD_KEY": "a-production-field-key-of-at-least-32-characters",
        "ALLOWED_HOSTS": "jiedao.example.gov.cn",
        "JIEDAO_SMS_BACKEND": "jiedao.core.sms.aliyun.AliyunSmsBackend",
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", **{**production, setting: value})
    assert result.returncode != 0 and check_id in result.stderr + result.stdout


def test_production_refuses_to_start_without_its_keys() -> None:
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="jiedao.example.gov.cn")
    assert result.returncode != 0
    assert "SECRET_KEY and JIEDAO_FIELD_KEY must be set" in result.stderr


def test_production_refuses_a_short_field_key() -> None:
    result = _manage(
        "check",
        DEBUG="0",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789abcdefghij",
        JIEDAO_FIELD_KEY="short",
        ALLOWED_HOSTS="jiedao.example.gov.cn",
    )
    assert result.returncode != 0
    assert "at least 32 characters" in result.stderr
