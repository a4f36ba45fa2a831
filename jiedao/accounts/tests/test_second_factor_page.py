"""One's own second factor on the staff page (set up, new recovery codes, removal),
and the sub-district admin's reset for a lost phone."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from jiedao.accounts.models import User
from jiedao.accounts.second_factor import devices, services
from jiedao.accounts.tests.helpers import session_alive, session_of, token_alive
from jiedao.accounts.tests.second_factor_support import (
    PAGE,
    REQUIRED,
    STEP,
    code_at,
    enrol,
    password_step,
    shown_codes,
    wrong_code,
)
from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import Unauthenticated
from jiedao.core.models import AuditEntry
from jiedao.testing import World

T0 = dt.datetime(2031, 3, 4, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ENROL = f"{PAGE}enrol/"
RENEW = f"{PAGE}recovery-codes/"
REMOVE = f"{PAGE}remove/"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def reset_url(user: User) -> str:
    return f"/accounts/staff/{user.pk}/second-factor/reset/"


def updates_of(user: User) -> list[dict[str, object]]:
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(user.pk)).order_by("id")
    return [entry.detail for entry in entries]


def test_the_page_says_what_is_set_up(world: World, clock: time_machine.Traveller) -> None:
    chair = session_of(world.users["xiuyuan"])
    page = chair.get(PAGE).content.decode()
    assert "您还没有设置两步验证" in page and ENROL in page
    enrol(world.users["xiuyuan"])
    page = chair.get(PAGE).content.decode()
    assert "还有10个恢复码未使用" in page and RENEW in page and REMOVE in page
    required = session_of(world.users["admin"])
    enrol(world.users["admin"])
    page = required.get(PAGE).content.decode()
    assert "要求使用两步验证" in page and REMOVE not in page


def test_setting_it_up_from_the_page(world: World, clock: time_machine.Traveller) -> None:
    chair = world.users["xiuyuan"]
    client = session_of(chair)
    assert 'src="data:image/svg+xml' in client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=chair, confirmed=False)
    response = client.post(ENROL, {"otp": code_at(device)})
    assert response.status_code == 200 and len(shown_codes(response)) == 10
    assert client.session[DEVICE_ID_SESSION_KEY] == TOTPDevice.objects.get(user=chair).persistent_id
    assert client.get(ENROL)["Location"] == PAGE  # set up already
    assert updates_of(chair) == [{"changes": {"second_factor": [False, True]}}]


@pytest.mark.parametrize("current", ["app", "recovery code"])
def test_new_recovery_codes_void_the_old_ones(current: str, world: World, clock: time_machine.Traveller) -> None:
    chair = world.users["jiachun"]
    device, old = enrol(chair)
    clock.shift(30)
    client = session_of(chair)
    response = client.post(RENEW, {"renew-otp": code_at(device) if current == "app" else old[0]})
    new = shown_codes(response)
    assert response.status_code == 200 and len(set(new)) == 10 and not set(new) & set(old)
    assert "以前的恢复码已全部作废" in response.content.decode()
    assert devices.recovery_codes_left(chair) == 10
    with pytest.raises(Unauthenticated):
        services.verify(user=chair, otp=old[1], request=None, via="page")
    clock.shift(2)
    services.verify(user=chair, otp=new[1], request=None, via="page")
    assert updates_of(chair)[-1] == {"changes": {"recovery_codes": None}}  # which codes: never written


def test_no_new_recovery_codes_without_a_current_code(world: World, clock: time_machine.Traveller) -> None:
    chair = world.users["jiachun"]
    device, old = enrol(chair)
    client = session_of(chair)
    response = client.post(RENEW, {"renew-otp": wrong_code(device)}, follow=True)
    assert "验证码不正确" in response.content.decode() and not shown_codes(response)
    assert set(StaticToken.objects.filter(device__user=chair).values_list("token", flat=True)) == {
        devices.recovery_digest(devices.normalise_code(code)) for code in old
    }


def test_the_database_keeps_no_recovery_code(world: World, clock: time_machine.Traveller) -> None:
    _device, codes = enrol(world.users["admin"])
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {code for shown in codes for code in (shown, shown.replace("-", ""))}


@pytest.mark.parametrize("persona", REQUIRED)
def test_a_role_that_needs_it_cannot_remove_it(persona: str, world: World, clock: time_machine.Traveller) -> None:
    user = world.users[persona]
    device, _codes = enrol(user)
    clock.shift(30)
    response = session_of(user).post(REMOVE, {"remove-otp": code_at(device)}, follow=True)
    assert "不能移除" in response.content.decode()
    assert devices.is_enrolled(user)


def test_other_staff_remove_theirs_with_a_current_code(
    world: World, clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True
    chair = world.users["zhonghong"]
    device, _codes = enrol(chair)
    clock.shift(30)
    client = session_of(chair)
    client.post(REMOVE, {"remove-otp": wrong_code(device)})
    assert devices.is_enrolled(chair)
    clock.shift(2)
    response = client.post(REMOVE, {"remove-otp": code_at(device)}, follow=True)
    assert "已移除动态验证码" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=chair).exists() and devices.recovery_codes_left(chair) == 0
    assert updates_of(chair)[-1] == {"changes": {"second_factor": [True, False]}}
    assert password_step(Client(), "zhonghong")["Location"] != STEP  # the password alone again


# ---------------------------------------------------------------- the admin's reset


def test_the_admin_resets_a_lost_phone(world: World, clock: time_machine.Traveller, settings: Settings) -> None:
    counsellor = world.users["counsellor"]
    enrol(counsellor)
    their_session = session_of(counsellor)
    raw, _token = token_issue(user=counsellor)
    admin = session_of(world.users["admin"])
    page = admin.get(reset_url(counsellor) + "?next=/accounts/locks/")
    assert page.status_code == 200 and str(counsellor) in page.content.decode()
    response = admin.post(reset_url(counsellor) + "?next=/accounts/locks/", {"reason": "手机丢失"})
    assert response.status_code == 302 and response["Location"] == "/accounts/locks/"
    assert not devices.is_enrolled(counsellor) and devices.recovery_codes_left(counsellor) == 0
    assert not session_alive(their_session) and not token_alive(raw)
    entry = (
        AuditEntry.objects.filter(object_id=str(counsellor.pk), action=AuditEntry.Action.UPDATE).order_by("id").last()
    )
    assert entry is not None and entry.actor_name == "admin"
    assert entry.detail == {
        "changes": {"second_factor": [True, False]},
        "reason": "手机丢失",
        "signed_out_everywhere": True,
    }
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True
    client = Client()
    password_step(client, "counsellor")
    assert 'src="data:image/svg+xml' in client.get(STEP).content.decode()  # set up anew


@pytest.mark.parametrize("reason", ["", "   ", "手机\x00丢失", "丢" * 201])
def test_a_reset_needs_a_reason(reason: str, world: World, clock: time_machine.Traveller) -> None:
    counsellor = world.users["counsellor"]
    enrol(counsellor)
    admin = session_of(world.users["admin"])
    response = admin.post(reset_url(counsellor), {"reason": reason})
    assert response.status_code == 400
    assert devices.is_enrolled(counsellor)
    response = admin.post(reset_url(counsellor), {"reason": "手机丢失"})  # back to the member's page
    assert response["Location"] == f"/accounts/staff/{counsellor.pk}/"


def test_an_admin_does_not_reset_their_own(world: World, clock: time_machine.Traveller) -> None:
    admin = world.users["admin"]
    enrol(admin)
    response = session_of(admin).post(reset_url(admin), {"reason": "手机丢失"})
    assert response.status_code == 400 and "另一位街道管理员" in response.content.decode()
    assert devices.is_enrolled(admin)


@pytest.mark.parametrize(("persona", "status"), [("other_admin", 404), ("labour", 403), ("counsellor", 403)])
def test_only_the_admin_of_the_sub_district_resets(
    persona: str, status: int, world: World, clock: time_machine.Traveller
) -> None:
    supervisor = world.users["supervisor"]
    enrol(supervisor)
    response = session_of(world.users[persona]).post(reset_url(supervisor), {"reason": "手机丢失"})
    assert response.status_code == status
    assert devices.is_enrolled(supervisor)
