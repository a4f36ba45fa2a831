"""The codes sent by SMS (``residents.codes``): every limit, in the database, the same
for a number that has an account and one never seen."""

import io
import re
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import Settings

from jiedao.core.errors import Invalid, TooMany
from jiedao.core.sms import SmsMessage
from jiedao.core.validators import normalise
from jiedao.residents import codes
from jiedao.residents.models import CodePurpose, PhoneCode, PhoneLock
from jiedao.residents.tests.sign_in_helpers import clock, fresh_number, last_code, outbox
from jiedao.testing import World

__all__ = ["clock", "outbox"]  # fixtures, used by name

SIGN_IN = CodePurpose.SIGN_IN
SIGNATURE = "凉城新村街道"
pytestmark = pytest.mark.django_db


def send(number: str, *, address: str | None = None, purpose: str = SIGN_IN) -> str:
    request = RequestFactory().post("/", REMOTE_ADDR=address) if address else None
    return codes.send_code(phone=number, purpose=purpose, signature=SIGNATURE, request=request)


def check(number: str, code: str, *, purpose: str = SIGN_IN) -> str:
    return codes.check_code(phone=number, purpose=purpose, code=code)


def refusal(number: str, code: str, *, purpose: str = SIGN_IN) -> Invalid:
    with pytest.raises(Invalid) as caught:
        check(number, code, purpose=purpose)
    assert caught.value.field == "code"
    return caught.value


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def waiting(number: str, *, address: str | None = None) -> TooMany:
    with pytest.raises(TooMany) as caught:
        send(number, address=address)
    assert caught.value.field == "phone"
    return caught.value


# --- sending ----------------------------------------------------------------------


def test_a_code_is_six_digits_sent_under_the_signature_and_stored_only_hashed(outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    assert send(f" {number[:3]} {number[3:7]} {number[7:]} ") == number  # as people type it
    [message] = outbox
    code = message.params["code"]
    assert re.fullmatch(r"[0-9]{6}", code)
    assert message.phone == number and message.template == "login_code" and message.signature == SIGNATURE
    assert message.text.startswith(f"【{SIGNATURE}】") and code in message.text
    [row] = PhoneCode.objects.all()
    stored = " ".join(str(value) for value in PhoneCode.objects.values_list().get())
    assert code not in stored and number not in stored
    assert row.phone_hash == codes.phone_hash(number) and len(row.salt) == 32 and len(row.code_hash) == 64


def test_the_same_code_under_another_salt_is_stored_differently(outbox: list[SmsMessage]) -> None:
    with mock.patch("jiedao.residents.codes.secrets.randbelow", return_value=123456):
        send(fresh_number())
        send(fresh_number())
    first, second = PhoneCode.objects.order_by("pk")
    assert first.salt != second.salt and first.code_hash != second.code_hash


def test_the_right_code_signs_in_once(outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    send(number)
    code = last_code(outbox, number)
    assert check(number, code) == number
    assert refusal(number, code).code == "no_code"
    assert PhoneCode.objects.get().used_at is not None


def test_full_width_digits_and_spaces_are_the_same_code(outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    send(number)
    code = last_code(outbox, number)
    typed = " ".join(chr(ord("０") + int(d)) for d in code)  # a Chinese input method's digits
    assert check(number, typed) == number


def test_a_code_expires_after_the_minutes_of_the_setting(
    outbox: list[SmsMessage], clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.JIEDAO_SMS_CODE_MINUTES = 5
    late, in_time = fresh_number(), fresh_number()
    send(late)
    send(in_time)
    clock.shift(5 * 60 - 1)
    assert check(in_time, last_code(outbox, in_time)) == in_time
    clock.shift(1)
    assert refusal(late, last_code(outbox, late)).code == "code_expired"


def test_five_wrong_tries_void_the_code_even_for_the_right_one(outbox: list[SmsMessage], settings: Settings) -> None:
    settings.JIEDAO_SMS_CODE_TRIES = 5
    number = fresh_number()
    send(number)
    code = last_code(outbox, number)
    messages = [refusal(number, wrong(code)) for _ in range(5)]
    assert [m.code for m in messages] == ["wrong_code"] * 4 + ["code_void"]
    assert [m.message for m in messages[:4]] == [f"验证码不正确，还可以再试{n}次。" for n in (4, 3, 2, 1)]
    assert refusal(number, code).code == "code_void"  # the right one, too late
    assert PhoneCode.objects.get().tries == 5


@pytest.mark.parametrize("tries", [1, 3, 5])
def test_the_number_of_tries_is_a_setting(outbox: list[SmsMessage], settings: Settings, tries: int) -> None:
    settings.JIEDAO_SMS_CODE_TRIES = tries
    number = fresh_number()
    send(number)
    code = last_code(outbox, number)
    for _ in range(tries - 1):
        assert refusal(number, wrong(code)).code == "wrong_code"
    assert refusal(number, wrong(code)).code == "code_void"
    assert refusal(number, code).code == "code_void"


def test_a_new_code_voids_the_one_before(outbox: list[SmsMessage], clock: time_machine.Traveller) -> None:
    number = fresh_number()
    send(number)
    old = last_code(outbox, number)
    clock.shift(60)
    send(number)
    new = last_code(outbox, number)
    if old != new:  # one in a million they are the same
        assert refusal(number, old).code == "wrong_code"
    assert check(number, new) == number


def test_a_code_is_for_its_purpose_only(outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    send(number, purpose=CodePurpose.STEP_UP)
    code = last_code(outbox, number)
    assert refusal(number, code, purpose=SIGN_IN).code == "no_code"
    assert check(number, code, purpose=CodePurpose.STEP_UP) == number


def test_no_code_sent_is_told_so(outbox: list[SmsMessage]) -> None:
    assert refusal(fresh_number(), "123456").code == "no_code"


# --- the limits on sending ---------------------------------------------------------------


def test_one_code_a_minute_per_number(
    outbox: list[SmsMessage], clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.JIEDAO_SMS_CODE_INTERVAL_SECONDS = 60
    number = fresh_number()
    send(number)
    clock.shift(20)
    refused = waiting(number)
    assert refused.details == {"retry_after": 40} and refused.message == "验证码发送过于频繁，请40秒后再试。"
    send(fresh_number())  # another number is not held up
    clock.shift(40)
    send(number)
    assert len(outbox) == 3


def test_five_codes_an_hour_per_number(
    outbox: list[SmsMessage], clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.JIEDAO_SMS_CODES_PER_PHONE_HOUR = 5
    number = fresh_number()
    for _ in range(5):
        send(number)
        clock.shift(61)
    refused = waiting(number)  # 305 s after the first: free when it leaves the hour
    assert refused.details == {"retry_after": 3600 - 305} and refused.message == "验证码发送次数过多，请55分钟后再试。"
    clock.shift(3600 - 305 - 1)
    assert waiting(number).details == {"retry_after": 1}
    clock.shift(1)
    send(number)
    assert len(outbox) == 6


def test_codes_per_client_address_are_limited_and_other_addresses_are_not(
    outbox: list[SmsMessage], clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.JIEDAO_SMS_CODES_PER_ADDRESS_HOUR = 3
    hall = "203.0.113.8"
    for _ in range(3):
        send(fresh_number(), address=hall)
        clock.shift(600)
    refused = waiting(fresh_number(), address=hall)
    assert refused.details == {"retry_after": 3600 - 1800}
    send(fresh_number(), address="198.51.100.4")
    send(fresh_number())  # no request, no address (a command)
    clock.shift(1800)
    send(fresh_number(), address=hall)


def test_a_limit_of_zero_is_no_limit(
    outbox: list[SmsMessage], clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.JIEDAO_SMS_CODES_PER_PHONE_HOUR = 0
    settings.JIEDAO_SMS_CODES_PER_ADDRESS_HOUR = 0
    settings.JIEDAO_SMS_CODE_INTERVAL_SECONDS = 0
    number = fresh_number()
    for _ in range(8):
        send(number, address="203.0.113.9")
        clock.shift(1)
    assert len(outbox) == 8


def test_a_refused_send_sends_nothing_and_stores_nothing(outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    send(number)
    waiting(number)
    assert len(outbox) == 1 and PhoneCode.objects.count() == 1


def test_a_message_the_gateway_did_not_take_is_told_and_still_counted(
    outbox: list[SmsMessage], settings: Settings
) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"  # DEBUG off: sends nothing
    number = fresh_number()
    with pytest.raises(codes.CodeNotSent) as caught:
        send(number)
    assert caught.value.message == "短信发送失败，请稍后再试。" and caught.value.field == "phone"
    waiting(number)  # a failing gateway is not asked again at once


# --- known or not: the same -------------------------------------------------------------


def test_a_number_with_an_account_and_one_never_seen_are_treated_alike(
    world: World, outbox: list[SmsMessage], clock: time_machine.Traveller
) -> None:
    known = fresh_number()
    user = world.users["worker"]
    user.phone, user.phone_hash = known, codes.phone_hash(known)
    user.save()
    unknown = fresh_number()
    outcomes = []
    for number in (known, unknown):
        sent = send(number)
        code = last_code(outbox, number)
        outcomes.append(
            (
                sent == number,
                refusal(number, wrong(code)).message,
                check(number, code) == number,
                refusal(number, code).message,
                str(waiting(number).details),
            )
        )
    assert outcomes[0] == outcomes[1]


# --- malformed input ----------------------------------------------------------------------

MALFORMED_NUMBERS = [
    "",
    "138",
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "02165001234",  # a fixed line: no text message reaches it
    "021-6500-1234",
    "10012345678",  # no such mobile range
    "+1 415 555 0100",
    "abcdefghijk",
    "138\x001234\u202e5678",
    "1" * 10_000,
]


@pytest.mark.parametrize("value", MALFORMED_NUMBERS, ids=range(len(MALFORMED_NUMBERS)))
def test_a_malformed_number_is_a_field_error_and_nothing_is_sent(outbox: list[SmsMessage], value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        send(value)
    assert set(caught.value.message_dict) == {"phone"}
    with pytest.raises(ValidationError):
        check(value, "123456")
    assert outbox == [] and not PhoneCode.objects.exists() and not PhoneLock.objects.exists()


@given(value=st.text(max_size=40) | st.from_regex(r"\A[+ 0-9０-９-]{0,20}\Z"))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_a_mobile_number_or_a_field_error(outbox: list[SmsMessage], value: str) -> None:
    try:
        number = codes.mobile_number(value)
    except ValidationError as exc:
        assert set(exc.message_dict) == {"phone"}
    else:
        assert re.fullmatch(r"1[0-9]{10}", number)


@given(typed=st.text(max_size=12))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_code_that_is_not_six_digits_costs_no_try(outbox: list[SmsMessage], typed: str) -> None:
    number = "13500000001"
    if not PhoneCode.objects.filter(phone_hash=codes.phone_hash(number)).exists():
        send(number)
    folded = normalise(typed)
    if len(folded) == 6 and folded.isascii() and folded.isdecimal():
        return  # six digits: a real try (the tests above)
    assert refusal(number, typed).code == "malformed_code"
    assert PhoneCode.objects.get(phone_hash=codes.phone_hash(number)).tries == 0


# --- cleaning -------------------------------------------------------------------------


def test_old_codes_and_the_locks_left_without_one_are_deleted(
    outbox: list[SmsMessage], clock: time_machine.Traveller
) -> None:
    old, recent = fresh_number(), fresh_number()
    send(old)
    clock.shift(3600 * 24 + 1)
    send(recent)
    out = io.StringIO()
    call_command("clean_phone_codes", stdout=out)
    assert out.getvalue() == "1 old codes deleted\n"
    assert list(PhoneCode.objects.values_list("phone_hash", flat=True)) == [codes.phone_hash(recent)]
    assert list(PhoneLock.objects.values_list("phone_hash", flat=True)) == [codes.phone_hash(recent)]
    send(old)  # the number gets its lock again
    assert PhoneLock.objects.count() == 2
