"""Shared by the second-factor tests: a user set up with the app, the codes the app
would show, and a code it would not."""

import re
import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiedao.accounts.models import User
from jiedao.accounts.second_factor import services
from jiedao.testing import PASSWORD, ClientResponse

LOGIN = "/accounts/login/"
STEP = "/accounts/login/second-factor/"
PAGE = "/accounts/second-factor/"
# The roles of the test world's personas that call for a second factor, and some that do not.
REQUIRED = ["admin", "union", "labour", "counsellor", "supervisor", "other_admin"]
OPTIONAL = ["xiuyuan", "zhonghong", "jiachun"]


def code_at(device: TOTPDevice, steps: int = 0) -> str:
    """The code the app shows now (``steps`` time steps later or earlier)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits the device takes at no step it accepts now."""
    taken = {code_at(device, steps) for steps in (-2, -1, 0, 1, 2)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in taken)


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """``user`` with a confirmed app and ten recovery codes (as shown: ``abcde-fghij``)."""
    device = services.enrolment_start(user=user, device_id=None)
    return services.enrolment_confirm(user=user, device_id=device.pk, otp=code_at(device), request=None)


def fresh(device: TOTPDevice) -> TOTPDevice:
    device.refresh_from_db()
    return device


def password_step(client: Client, username: str, next_url: str = "") -> ClientResponse:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def signed_in_as(client: Client) -> str | None:
    value = client.session.get("_auth_user_id")
    return None if value is None else str(value)


def shown_codes(response: ClientResponse) -> list[str]:
    """The recovery codes a page shows (its list ``#recovery-codes``)."""
    html = response.content.decode()
    listed = re.search(r'<ol[^>]*id="recovery-codes"[^>]*>(.*?)</ol>', html, re.S)
    return re.findall(r"<li>([a-z2-7]{5}-[a-z2-7]{5})</li>", listed.group(1)) if listed else []
