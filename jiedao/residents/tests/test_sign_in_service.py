"""Signing in with a code (``residents.accounts``): the account a number makes at its
first sign-in, the accounts refused, the home sub-district and its system check."""

import datetime as dt
from unittest import mock

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django import Settings

from jiedao.accounts.actor import STAFF_ROLES
from jiedao.accounts.models import SCOPE_OF_ROLE, Role, RoleAssignment, User
from jiedao.core import audit
from jiedao.core.errors import Forbidden, Invalid
from jiedao.core.models import AuditEntry
from jiedao.core.sms import SmsMessage
from jiedao.residents import accounts, codes
from jiedao.residents.checks import check_home_subdistrict
from jiedao.residents.tests.sign_in_helpers import a_request, fresh_number, last_code, outbox
from jiedao.testing import World, make_subdistrict, make_user

__all__ = ["outbox"]  # a fixture, used by name


def sign_in(outbox: list[SmsMessage], number: str) -> User:
    accounts.request_code(phone=number)
    return accounts.sign_in_with_code(phone=number, code=last_code(outbox, number), request=a_request())


def give_phone(user: User, number: str) -> None:
    user.phone, user.phone_hash = number, codes.phone_hash(number)
    user.save()


def test_the_first_sign_in_of_a_number_makes_a_resident_account(world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    user = sign_in(outbox, number)
    assert user.username.startswith("resident-") and not user.has_usable_password()
    assert user.subdistrict == world.liangcheng and user.is_active and not user.is_staff
    assert user.display_name == f"{number[:3]}****{number[-4:]}"
    stored = User.objects.get(pk=user.pk)
    assert stored.phone == number and stored.phone_hash == codes.phone_hash(number)
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "subdistrict_id")) == [
        (Role.RESIDENT, world.liangcheng.pk)
    ]
    assert accounts.bound_person(user) is None
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(user.pk))
    assert created.detail["via"] == "sms" and number not in str(created.detail)
    login = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN, object_id=str(user.pk))
    assert login.detail == {"via": "sms"} and login.actor_id == user.pk


def test_a_later_sign_in_finds_the_same_account(world: World, outbox: list[SmsMessage], settings: Settings) -> None:
    settings.JIEDAO_SMS_CODE_INTERVAL_SECONDS = 0
    number = fresh_number()
    first = sign_in(outbox, number)
    again = sign_in(outbox, number)
    assert again.pk == first.pk and User.objects.filter(phone_hash=codes.phone_hash(number)).count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, object_id=str(first.pk)).count() == 2


def test_a_number_already_on_an_account_signs_in_to_it(world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    worker = world.users["worker"]
    give_phone(worker, number)
    accounts_before = User.objects.count()
    assert sign_in(outbox, number).pk == worker.pk
    assert User.objects.count() == accounts_before
    assert accounts.bound_person(worker) == world.people["worker"]


def test_a_wrong_code_makes_no_account(world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    accounts.request_code(phone=number)
    code = last_code(outbox, number)
    with pytest.raises(Invalid):
        accounts.sign_in_with_code(phone=number, code=f"{(int(code) + 1) % 10**6:06d}", request=a_request())
    assert not User.objects.filter(phone_hash=codes.phone_hash(number)).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()


def test_an_inactive_account_is_refused(world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    worker = world.users["worker"]
    give_phone(worker, number)
    worker.is_active = False
    worker.save()
    with pytest.raises(Forbidden) as caught:
        sign_in(outbox, number)
    assert caught.value.code == "account_inactive" and "已停用" in caught.value.message
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()


def _scope(world: World, role: str) -> dict[str, object]:
    kind = SCOPE_OF_ROLE.get(role)
    return (
        {"residential_area": world.xiuyuan} if kind == "residential_area" else {"unit": world.jiachun} if kind else {}
    )


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_must_use_the_password_login(world: World, outbox: list[SmsMessage], role: str) -> None:
    number = fresh_number()
    user = world.users["worker"]  # a resident who also holds a staff role
    give_phone(user, number)
    RoleAssignment.objects.create(subdistrict=world.liangcheng, user=user, role=role, **_scope(world, role))
    accounts.request_code(phone=number)
    request = a_request()
    with pytest.raises(Forbidden) as caught:
        accounts.sign_in_with_code(phone=number, code=last_code(outbox, number), request=request)
    assert caught.value.code == "staff_account" and caught.value.message == "工作人员请用账号密码登录。"
    audit.write_deferred(request)  # as the middleware does once the request is answered
    refused = AuditEntry.objects.get(action=AuditEntry.Action.REFUSED)
    assert refused.object_id == str(user.pk) and refused.detail == {"reason": accounts.STAFF_REASON}
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_the_admin_sites_flags_count_as_staff(world: World, outbox: list[SmsMessage], flag: str) -> None:
    number = fresh_number()
    user = world.users["jobseeker"]
    give_phone(user, number)
    setattr(user, flag, True)
    user.save()
    with pytest.raises(Forbidden):
        sign_in(outbox, number)


def test_a_staff_role_that_has_ended_is_no_bar(world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    user = world.users["worker"]
    give_phone(user, number)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RoleAssignment.objects.create(subdistrict=world.liangcheng, user=user, role=Role.COUNSELLOR, ends_on=yesterday)
    assert sign_in(outbox, number).pk == user.pk


def test_staff_and_residents_are_told_apart(world: World) -> None:
    assert accounts.is_staff_account(world.users["admin"]) and accounts.is_staff_account(world.users["xiuyuan"])
    assert not accounts.is_staff_account(world.users["worker"])


def test_a_username_drawn_twice_is_drawn_again(world: World, outbox: list[SmsMessage]) -> None:
    make_user(world.liangcheng, "resident-aaaaaaaaaa")
    drawn = ["resident-aaaaaaaaaa", "resident-bbbbbbbbbb"]
    with mock.patch("jiedao.residents.accounts.new_username", side_effect=drawn):
        user = sign_in(outbox, fresh_number())
    assert user.username == "resident-bbbbbbbbbb"


# --- the home sub-district ----------------------------------------------------------------


def test_the_home_subdistrict_is_the_one_the_setting_names(world: World, settings: Settings) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = world.quyang.code
    assert accounts.home_subdistrict() == world.quyang


def test_the_only_subdistrict_is_home_without_the_setting(db: None, settings: Settings) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = ""
    only = make_subdistrict()
    assert accounts.home_subdistrict() == only


@pytest.mark.parametrize("code", ["", "310109999"])
def test_without_a_home_nobody_gets_a_code(
    world: World, outbox: list[SmsMessage], settings: Settings, code: str
) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = code  # two sub-districts and none named, or one that is not there
    with pytest.raises(accounts.NoHomeSubdistrict) as caught:
        accounts.request_code(phone=fresh_number())
    assert caught.value.message == "手机号登录暂未开通，请联系街道工作人员。"
    with pytest.raises(ValidationError):  # a typo is still told as such
        accounts.request_code(phone="123")
    assert outbox == []


def test_the_code_is_signed_with_the_home_subdistricts_name(world: World, outbox: list[SmsMessage]) -> None:
    accounts.request_code(phone=fresh_number())
    [message] = outbox
    assert message.signature == "凉城新村街道" and message.text.startswith("【凉城新村街道】")


def _warnings(databases: list[str] | None) -> set[str]:
    return {message.id for message in check_home_subdistrict(databases=databases) if message.id}


def test_the_system_check_warns_when_residents_cannot_sign_in(world: World, settings: Settings) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = ""
    assert _warnings(["default"]) == {"jiedao.W001"}
    assert _warnings(None) == set()  # checks that read rows run with --database only
    settings.JIEDAO_RESIDENT_SUBDISTRICT = "310109999"
    assert _warnings(["default"]) == {"jiedao.W002"}
    settings.JIEDAO_RESIDENT_SUBDISTRICT = world.liangcheng.code
    assert _warnings(["default"]) == set()


def test_the_check_is_registered_with_the_database_checks(world: World, settings: Settings) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = ""
    found = checks.run_checks(tags=[checks.Tags.database], databases=["default"])
    assert "jiedao.W001" in {message.id for message in found}


def test_one_subdistrict_needs_no_setting(db: None, settings: Settings) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = ""
    make_subdistrict()
    assert _warnings(["default"]) == set()
