"""Text messages: the templates, ``send_sms``, the console and in-memory backends.
(The Aliyun adapter against a fake gateway: ``test_sms_aliyun.py``.)"""

import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st
from pytest_django import Settings

from jiedao.core import notifications, sms
from jiedao.core.sms import SmsMessage, SmsNotSent
from jiedao.core.sms.templates import TEMPLATES, SmsTemplate

SIGNATURE = "凉城新村街道"
PHONE = "13812345678"
CODE = "804215"
# Words that would tell whoever sees a locked screen which service the person uses.
PROGRAMME_WORDS = (
    "畅心屋",
    "心理",
    "咨询",
    "辅导",
    "工会",
    "法律",
    "法援",
    "律师",
    "党",
    "培训",
    "课程",
    "求职",
    "就业",
    "招聘",
    "失业",
    "残疾",
    "低保",
    "救助",
    "困难",
    "矫正",
    "戒毒",
    "信访",
    "会议",
)
PROGRAMME_WORDS_EN = (
    "counsel",
    "psycholog",
    "therap",
    "mental",
    "union",
    "legal",
    "lawyer",
    "party",
    "training",
    "course",
    "job",
    "employment",
    "disab",
    "welfare",
    "meeting",
)
HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def sample_params(template: SmsTemplate) -> dict[str, str]:
    values = {
        "code": CODE,
        "when": "12-01 09:00",
        "was": "11-30 14:00",
        "until": "11-30 21:00",
        "address": "凉城路545号",
        "phone": "021-65000000",
        "hours": "72",
        "year": "2026",
        "amount": "1234.50",
        "link": "https://jiedao.example.gov.cn/i/abc",
    }
    return {name: values[name] for name in template.params}


@pytest.fixture
def outbox(settings: Settings) -> list[SmsMessage]:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    return notifications.outbox


# --- the templates ----------------------------------------------------------------


ALL = pytest.mark.parametrize("template", list(TEMPLATES.values()), ids=list(TEMPLATES))


@ALL
def test_every_template_renders_in_chinese_with_its_signature(template: SmsTemplate) -> None:
    params = sample_params(template)
    message = sms.compose(PHONE, template.name, params, signature=SIGNATURE)
    assert message.text == f"【{SIGNATURE}】" + template.source % params
    assert all(value in message.text for value in params.values())
    assert "%(" not in message.text and "\n" not in message.text
    assert HAN.search(message.text.removeprefix(f"【{SIGNATURE}】"))


@ALL
def test_every_template_renders_in_english(template: SmsTemplate) -> None:
    """Rendered with the recipient's language; only the signature and the values stay Chinese."""
    params = sample_params(template)
    message = sms.compose(PHONE, template.name, params, signature=SIGNATURE, language="en")
    with translation.override("en"):
        assert message.text == f"【{SIGNATURE}】" + str(template.text) % params
    body = message.text.removeprefix(f"【{SIGNATURE}】")
    for value in params.values():
        body = body.replace(value, "")
    assert not HAN.search(body), f"{template.name} has no English translation yet: {body!r}"
    assert not any(word in body.lower() for word in PROGRAMME_WORDS_EN)


@ALL
def test_no_template_names_a_programme(template: SmsTemplate) -> None:
    assert not [word for word in PROGRAMME_WORDS if word in template.source]


def test_a_code_is_a_verification_code() -> None:
    text = sms.compose(PHONE, sms.LOGIN_CODE, {"code": CODE}, signature=SIGNATURE).text
    assert text == f"【{SIGNATURE}】您的验证码为{CODE}，5分钟内有效。请勿告诉他人。"


@ALL
def test_the_gateway_form_of_every_template_is_in_the_docs(template: SmsTemplate) -> None:
    docs = (Path(settings.BASE_DIR) / "docs" / "sms.md").read_text(encoding="utf-8")
    assert "%(" not in template.gateway_text
    assert all(f"${{{name}}}" in template.gateway_text for name in template.params)
    assert f"`{template.name}`" in docs and template.gateway_text in docs


@example(values=["【凉城新村街道】", "a\nb\r\tc", "\u202e\x00"], signature="【假冒】")
@given(
    values=st.lists(st.text(max_size=40), min_size=3, max_size=3),
    signature=st.text(min_size=1, max_size=20).filter(lambda s: any(c.isalnum() for c in s)),
)
def test_no_value_forges_a_signature_or_breaks_the_line(values: list[str], signature: str) -> None:
    params = dict(zip(("when", "address", "phone"), values, strict=True))
    message = sms.compose(PHONE, sms.APPOINTMENT_REMINDER, params, signature=signature)
    assert message.text.startswith(f"【{message.signature}】") and message.signature
    assert message.text.count("【") == 1 and message.text.count("】") == 1
    assert not [ch for ch in message.text if unicodedata.category(ch).startswith("C")]
    assert all("【" not in value and "\n" not in value for value in message.params.values())


@pytest.mark.parametrize(
    ("template", "params", "signature"),
    [
        ("no_such_template", {}, SIGNATURE),
        (sms.LOGIN_CODE, {}, SIGNATURE),  # a parameter missing
        (sms.LOGIN_CODE, {"code": CODE, "name": "张三"}, SIGNATURE),  # one too many
        (sms.WAITLIST_OFFER, {"when": "12-01 09:00", "untill": "x"}, SIGNATURE),  # misspelt
        (sms.LOGIN_CODE, {"code": CODE}, ""),  # no signature
        (sms.LOGIN_CODE, {"code": CODE}, "【】"),
    ],
)
def test_a_wrong_call_is_a_programming_error(template: str, params: dict[str, str], signature: str) -> None:
    with pytest.raises(ValueError, match=r"template|signature"):
        sms.send_sms(PHONE, template, params, signature=signature)


# --- send_sms and the backends ------------------------------------------------------


def test_the_test_backend_records_template_params_signature_and_text(outbox: list[SmsMessage]) -> None:
    assert notifications.send_sms(PHONE, sms.LOGIN_CODE, {"code": CODE}, signature=f"【{SIGNATURE}】")
    [message] = outbox
    assert (message.phone, message.template, message.params) == (PHONE, "login_code", {"code": CODE})
    assert message.signature == SIGNATURE and message.text.startswith(f"【{SIGNATURE}】您的验证码为{CODE}")


def test_no_number_sends_nothing(outbox: list[SmsMessage]) -> None:
    assert notifications.send_sms("", sms.LOGIN_CODE, {"code": CODE}, signature=SIGNATURE) is False
    assert outbox == []


def test_the_console_prints_one_line_with_the_code_under_debug(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = True
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"
    assert notifications.send_sms(PHONE, sms.LOGIN_CODE, {"code": CODE}, signature=SIGNATURE)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "验证码" in out and CODE in out and f"【{SIGNATURE}】" in out
    assert "138****5678" in out and PHONE not in out


def test_the_console_sends_nothing_with_debug_off(
    settings: Settings, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    settings.DEBUG = False
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"
    assert notifications.send_sms(PHONE, sms.LOGIN_CODE, {"code": CODE}, signature=SIGNATURE) is False
    assert capsys.readouterr().out == ""
    assert "console SMS backend sends nothing with DEBUG off" in caplog.text
    assert CODE not in caplog.text and PHONE not in caplog.text


class BrokenBackend:
    def send(self, message: SmsMessage) -> None:
        raise OSError("gateway down")


class RefusingBackend:
    def send(self, message: SmsMessage) -> None:
        raise SmsNotSent("gateway refused: isv.BUSINESS_LIMIT_CONTROL")


@pytest.mark.parametrize(
    ("backend", "logged"),
    [("BrokenBackend", "SMS backend failed"), ("RefusingBackend", "isv.BUSINESS_LIMIT_CONTROL")],
)
def test_a_failing_backend_is_logged_not_raised(
    settings: Settings, caplog: pytest.LogCaptureFixture, backend: str, logged: str
) -> None:
    settings.JIEDAO_SMS_BACKEND = f"jiedao.core.tests.test_sms.{backend}"
    assert notifications.send_sms(PHONE, sms.LOGIN_CODE, {"code": CODE}, signature=SIGNATURE) is False
    assert logged in caplog.text and "login_code" in caplog.text and "138****5678" in caplog.text
    assert CODE not in caplog.text and PHONE not in caplog.text
