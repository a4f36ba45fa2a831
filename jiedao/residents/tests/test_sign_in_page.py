"""The sign-in page (``residents:sign_in``, ``/login/``): the number, then the code, with
``next`` kept all the way; every refusal next to its field with its status."""

import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import NoReverseMatch, reverse
from pytest_django import Settings

from jiedao.accounts.models import User
from jiedao.core.models import AuditEntry
from jiedao.core.sms import SmsMessage
from jiedao.residents import codes
from jiedao.residents.tests.sign_in_helpers import clock, fresh_number, last_code, outbox
from jiedao.residents.views.sign_in import PENDING_PHONE
from jiedao.testing import ClientResponse, World

__all__ = ["clock", "outbox"]  # fixtures, used by name

STEP_1 = "/login/"
STEP_2 = "/login/code/"
NEXT = "/activities/mine/"
pytestmark = pytest.mark.django_db


def html(response: ClientResponse) -> str:
    return response.content.decode()


def ask_code(client: Client, number: str, next_url: str = NEXT) -> ClientResponse:
    return client.post(STEP_1, {"phone": number, "next": next_url})


def type_code(client: Client, code: str, *, remember: bool = True, next_url: str = NEXT) -> ClientResponse:
    data = {"code": code, "next": next_url} | ({"remember": "on"} if remember else {})
    return client.post(STEP_2, data)


def field_error(response: ClientResponse, field: str) -> str:
    """The message shown under ``field`` (``includes/field.html``)."""
    found = re.search(rf'id="id_{field}_error"><div>(.*?)</div>', html(response))
    assert found, html(response)
    return found.group(1)


def signed_in_user(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_the_urls_are_the_ones_people_are_sent_to() -> None:
    assert reverse("residents:sign_in") == STEP_1 and reverse("residents:sign_in_code") == STEP_2


def test_screen_one_asks_for_the_number_on_a_phone_keypad(client: Client, world: World) -> None:
    response = client.get(STEP_1, {"next": NEXT})
    page = html(response)
    assert response.status_code == 200
    assert 'type="tel"' in page and 'inputmode="numeric"' in page and 'autocomplete="tel"' in page
    assert "获取验证码" in page and f'name="next" value="{NEXT}"' in page
    assert 'href="/accounts/login/?next=/activities/mine/">工作人员登录' in page


def test_a_resident_signs_in_with_the_number_and_the_code(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    number = fresh_number()
    world.users["worker"].phone, world.users["worker"].phone_hash = number, codes.phone_hash(number)
    world.users["worker"].save()
    sent = ask_code(client, number)
    assert sent.status_code == 302 and sent["Location"] == f"{STEP_2}?next=%2Factivities%2Fmine%2F"
    assert client.session[PENDING_PHONE] == number and number not in sent["Location"]
    screen = client.get(sent["Location"])
    page = html(screen)
    assert screen.status_code == 200
    assert f"{number[:3]}****{number[-4:]}" in page and number not in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert "在这台手机上保持登录" in page and re.search(r'name="remember"[^>]* checked', page)
    assert "重新获取验证码" in page and "换一个手机号" in page and f'name="next" value="{NEXT}"' in page
    done = type_code(client, last_code(outbox, number))
    assert done.status_code == 302 and done["Location"] == NEXT  # bound already: straight on
    assert signed_in_user(client) == world.users["worker"].pk
    assert PENDING_PHONE not in client.session


def test_remember_me_keeps_the_session_for_the_days_of_the_setting(
    client: Client, world: World, outbox: list[SmsMessage], settings: Settings
) -> None:
    settings.JIEDAO_REMEMBER_ME_DAYS = 30
    number = fresh_number()
    ask_code(client, number)
    type_code(client, last_code(outbox, number), remember=True)
    assert client.session.get_expiry_age() == 30 * 86400 and not client.session.get_expire_at_browser_close()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 30 * 86400


def test_without_remember_me_the_session_ends_with_the_browser(
    client: Client, world: World, outbox: list[SmsMessage], settings: Settings
) -> None:
    number = fresh_number()
    ask_code(client, number)
    type_code(client, last_code(outbox, number), remember=False)
    assert client.session.get_expire_at_browser_close()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""


def test_a_new_number_is_sent_on_to_binding_when_there_is_such_a_page(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    number = fresh_number()
    ask_code(client, number)
    done = type_code(client, last_code(outbox, number))
    user = User.objects.get(phone_hash=codes.phone_hash(number))
    assert signed_in_user(client) == user.pk
    try:
        bind = reverse("residents:bind")
    except NoReverseMatch:  # the binding page is not there yet: on to next
        assert done["Location"] == NEXT
    else:
        assert done["Location"] == f"{bind}?next=%2Factivities%2Fmine%2F"


@pytest.mark.parametrize("value", ["", "138", "02165001234", "abcdefghijk", "1" * 70])
def test_a_malformed_number_is_told_next_to_the_field(
    client: Client, world: World, outbox: list[SmsMessage], value: str
) -> None:
    response = ask_code(client, value)
    assert response.status_code == 400
    assert field_error(response, "phone")
    assert 'aria-invalid="true"' in html(response) or "is-invalid" in html(response)
    assert outbox == [] and PENDING_PHONE not in client.session


def test_asking_again_too_soon_is_429_with_the_wait(
    client: Client, world: World, outbox: list[SmsMessage], clock: time_machine.Traveller
) -> None:
    number = fresh_number()
    ask_code(client, number)
    clock.shift(15)
    again = ask_code(client, number)
    assert again.status_code == 429 and field_error(again, "phone") == "验证码发送过于频繁，请45秒后再试。"


def test_a_known_and_an_unknown_number_get_the_same_answer(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    known, unknown = fresh_number(), fresh_number()
    world.users["jobseeker"].phone, world.users["jobseeker"].phone_hash = known, codes.phone_hash(known)
    world.users["jobseeker"].save()
    answers = []
    for number in (known, unknown):
        visitor = Client()
        sent = ask_code(visitor, number)
        screen = visitor.get(sent["Location"])
        wrong = type_code(visitor, "000000" if last_code(outbox, number) != "000000" else "111111")
        answers.append(
            (sent.status_code, sent["Location"], screen.status_code, wrong.status_code, field_error(wrong, "code"))
        )
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "请输入短信里的6位数字验证码。"),
        ("abcdef", "请输入短信里的6位数字验证码。"),
        ("", "这个字段是必填项。"),
    ],
)
def test_a_malformed_code_is_told_next_to_the_field(
    client: Client, world: World, outbox: list[SmsMessage], typed: str, message: str
) -> None:
    ask_code(client, fresh_number())
    response = type_code(client, typed)
    assert response.status_code == 400 and field_error(response, "code") == message
    assert signed_in_user(client) is None


def test_wrong_expired_and_void_codes_are_told_next_to_the_field(
    client: Client, world: World, outbox: list[SmsMessage], clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.JIEDAO_SMS_CODE_TRIES = 2
    number = fresh_number()
    ask_code(client, number)
    code = last_code(outbox, number)
    other = f"{(int(code) + 1) % 10**6:06d}"
    first = type_code(client, other)
    assert first.status_code == 400 and field_error(first, "code") == "验证码不正确，还可以再试1次。"
    void = type_code(client, other)
    assert field_error(void, "code") == "验证码输错次数过多，已失效，请重新获取。"
    assert field_error(type_code(client, code), "code") == "验证码输错次数过多，已失效，请重新获取。"
    clock.shift(61)
    assert client.post(STEP_2, {"resend": "1", "next": NEXT}).status_code == 302
    clock.shift(5 * 60)
    expired = type_code(client, last_code(outbox, number))
    assert expired.status_code == 400 and field_error(expired, "code") == "验证码已过期，请重新获取。"
    assert signed_in_user(client) is None


def test_a_new_code_can_be_asked_after_the_interval(
    client: Client, world: World, outbox: list[SmsMessage], clock: time_machine.Traveller
) -> None:
    number = fresh_number()
    ask_code(client, number)
    clock.shift(30)
    early = client.post(STEP_2, {"resend": "1", "next": NEXT})
    page = html(early)
    assert early.status_code == 429 and 'id="resend-error"' in page and "请30秒后再试" in page
    assert 'aria-describedby="resend-help resend-error"' in page
    clock.shift(30)
    resent = client.post(STEP_2, {"resend": "1", "next": NEXT})
    assert resent.status_code == 302 and resent["Location"] == f"{STEP_2}?next=%2Factivities%2Fmine%2F"
    assert len([m for m in outbox if m.phone == number]) == 2
    assert "新的验证码已发送，请查看短信。" in html(client.get(resent["Location"]))
    assert type_code(client, last_code(outbox, number)).status_code == 302


def test_a_staff_number_is_refused_with_the_way_to_the_password_login(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    number = fresh_number()
    admin = world.users["admin"]
    admin.phone, admin.phone_hash = number, codes.phone_hash(number)
    admin.save()
    ask_code(client, number)
    response = type_code(client, last_code(outbox, number))
    assert response.status_code == 403 and field_error(response, "code") == "工作人员请用账号密码登录。"
    assert "工作人员登录" in html(response) and signed_in_user(client) is None
    refused = AuditEntry.objects.get(action=AuditEntry.Action.REFUSED)
    assert refused.object_id == str(admin.pk) and refused.detail == {"reason": "staff_sms_sign_in"}


def test_a_message_not_sent_is_503_with_the_reason(client: Client, world: World, settings: Settings) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"  # DEBUG off: sends nothing
    response = ask_code(client, fresh_number())
    assert response.status_code == 503 and field_error(response, "phone") == "短信发送失败，请稍后再试。"
    assert PENDING_PHONE not in client.session


def test_without_a_home_subdistrict_the_page_says_so(
    client: Client, world: World, outbox: list[SmsMessage], settings: Settings
) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = ""
    response = ask_code(client, fresh_number())
    assert response.status_code == 503 and "手机号登录暂未开通，请联系街道工作人员。" in html(response)


def test_screen_two_without_a_number_goes_back_to_screen_one(client: Client, world: World) -> None:
    response = client.get(STEP_2, {"next": NEXT})
    assert response.status_code == 302 and response["Location"] == f"{STEP_1}?next=%2Factivities%2Fmine%2F"
    assert client.post(STEP_2, {"code": "123456"})["Location"] == STEP_1


@pytest.mark.parametrize("path", [STEP_1, STEP_2])
def test_someone_signed_in_is_sent_on(client: Client, world: World, path: str) -> None:
    client.force_login(world.users["worker"])
    assert client.get(path, {"next": NEXT})["Location"] == NEXT
    assert client.get(path)["Location"] == "/"


UNSAFE = ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example"]


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_a_next_leading_off_the_site_is_dropped(
    client: Client, world: World, outbox: list[SmsMessage], unsafe: str
) -> None:
    number = fresh_number()
    sent = ask_code(client, number, next_url=unsafe)
    assert sent["Location"] == STEP_2
    assert unsafe not in html(client.get(STEP_2, {"next": unsafe}))
    done = type_code(client, last_code(outbox, number), next_url=unsafe)
    assert "evil" not in done["Location"] and "javascript" not in done["Location"]


def test_anonymous_visitors_of_a_resident_page_come_here(client: Client, world: World) -> None:
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302 and response["Location"] == f"{STEP_1}?next=/accounts/me/"


def test_the_password_login_links_here_with_next(client: Client, world: World) -> None:
    page = html(client.get("/accounts/login/", {"next": NEXT}))
    assert '<a href="/login/?next=/activities/mine/">居民用手机号登录</a>' in page


def test_the_pending_number_waits_in_this_browsers_session_only(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    ask_code(client, fresh_number())
    assert Client().get(STEP_2)["Location"] == STEP_1
