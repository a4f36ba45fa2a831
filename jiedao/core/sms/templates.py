"""The text messages the platform sends: templates defined here, never free text.

Commercial gateways in China send only templates registered with them in advance (each
with a template code and named variables) under a registered signature (签名). So every
message has a stable name, a Chinese text with named placeholders, and the sub-district's
name as its signature, added by the caller. A text shows on a locked screen: none names
a programme or a service a person might not want others to know they use (a code is a
"验证码"; an appointment is "您预约的服务"), and ``test_sms`` checks every text.

The texts are marked for translation: console and test backends render them in the
recipient's language (Chinese unless told otherwise); a gateway renders the Chinese text
it holds (``docs/sms.md`` lists them in the gateway's ``${name}`` form).
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# A value must not forge a signature (【…】) nor break the one line a message is.
_BRACKETS = str.maketrans({"【": "[", "】": "]"})


@dataclass(frozen=True)
class SmsTemplate:
    name: str
    text: Promise  # the Chinese source, marked for translation, with %(name)s placeholders

    @property
    def source(self) -> str:
        with translation.override(None):
            return str(self.text)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(PLACEHOLDER.findall(self.source))

    @property
    def gateway_text(self) -> str:
        """The text to register at the gateway: ``${name}`` variables (Aliyun, Tencent)."""
        return PLACEHOLDER.sub(r"${\1}", self.source)


LOGIN_CODE = "login_code"
APPOINTMENT_REMINDER = "appointment_reminder"
APPOINTMENT_CANCELLED = "appointment_cancelled"
WAITLIST_OFFER = "waitlist_offer"
STAFF_INVITATION = "staff_invitation"
PASSWORD_RESET = "password_reset"
PENDING_STEPS = "pending_steps"
PLACE_OFFER = "place_offer"
PAYMENT_DUE = "payment_due"
CASE_PROGRESS = "case_progress"
SCHEDULE_CHANGED = "schedule_changed"

TEMPLATES: dict[str, SmsTemplate] = {
    template.name: template
    for template in (
        # A 验证码 template holds one variable only (gateway rule): the 5 minutes are fixed text.
        SmsTemplate(LOGIN_CODE, _("您的验证码为%(code)s，5分钟内有效。请勿告诉他人。")),
        SmsTemplate(
            APPOINTMENT_REMINDER,
            _("提醒：您预约的服务将于%(when)s开始，地点：%(address)s。如需取消请提前登录或致电%(phone)s。"),
        ),
        SmsTemplate(
            APPOINTMENT_CANCELLED,
            _("您%(when)s预约的服务已由工作人员取消，详情请登录“我的预约”查看。如需改约请登录或致电%(phone)s。"),
        ),
        SmsTemplate(
            WAITLIST_OFFER,
            _("候补通知：%(when)s的时段已空出，请在%(until)s前登录确认预约，逾期将通知下一位。"),
        ),
        SmsTemplate(
            STAFF_INVITATION,
            _("您已被添加为工作人员，请在%(hours)s小时内打开链接设置密码：%(link)s"),
        ),
        SmsTemplate(
            PASSWORD_RESET,
            _("您正在重置登录密码，如非本人操作请忽略。请在%(hours)s小时内打开链接设置新密码：%(link)s"),
        ),
        # The 凝新 studio's reminder of the 三个一 steps still missing (names no programme).
        SmsTemplate(PENDING_STEPS, _("提醒：您还有报到事项未完成，详情请登录“我的”页面查看。")),
        # A waiting list's freed place (a volunteer shift, a training class): "名额", not what for.
        SmsTemplate(
            PLACE_OFFER, _("候补通知：您候补的%(when)s名额已空出，请在%(until)s前登录确认，逾期将通知下一位。")
        ),
        # To an enterprise's contact: the unpaid union fees, named only as an amount due.
        SmsTemplate(
            PAYMENT_DUE, _("提醒：贵单位%(year)s年度尚有%(amount)s元款项未缴，请尽快办理。如有疑问请致电%(phone)s。")
        ),
        # A legal-aid applicant's case moved on: nothing of what the application is.
        SmsTemplate(CASE_PROGRESS, _("您的申请有新进展，详情请登录“我的”页面查看。")),
        # A shift, a class session moved (time or place): what was booked, by its old time only.
        SmsTemplate(SCHEDULE_CHANGED, _("变更通知：您原定%(was)s的安排已变更为%(when)s，详情请登录“我的”页面查看。")),
    )
}


def sms_time(moment: dt.datetime) -> str:
    """A time as every template prints it: ``12-01 09:00``, local time (short: a gateway
    limits a variable's length, and the year is the current one or the next)."""
    return timezone.localtime(moment).strftime("%m-%d %H:%M")


def template_named(name: str) -> SmsTemplate:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise ValueError(f"No SMS template named {name!r}; the templates are {sorted(TEMPLATES)}.") from None


def clean_value(value: object) -> str:
    """One line of text: control characters (newlines included) become spaces, and the
    signature's brackets become plain ones."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in str(value))
    return " ".join(text.translate(_BRACKETS).split())


def template_params(template: SmsTemplate, params: Mapping[str, object]) -> dict[str, str]:
    """The parameters, cleaned, exactly those the template names (a programming error otherwise)."""
    expected, given = set(template.params), set(params)
    if expected != given:
        raise ValueError(f"SMS template {template.name!r} takes {sorted(expected)}, was given {sorted(given)}.")
    return {name: clean_value(params[name]) for name in template.params}


def render(template: SmsTemplate, params: Mapping[str, str], *, signature: str, language: str | None = None) -> str:
    """The full text as the phone shows it: 【signature】 then the template in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        body = str(template.text) % dict(params)
    return f"【{signature}】{body}"
