"""The one-time links that set a staff password: the invitation, the password reset.

A link carries the account's id and a token from Django's ``PasswordResetTokenGenerator``
(signed with ``SECRET_KEY``, valid ``PASSWORD_RESET_TIMEOUT``, 72 hours). Its hash
covers the password hash, the last login and the e-mail, so setting the password (or
signing in) spends it; ours also folds in the security stamp and the active flag, so a
deactivation, a lost role or "sign out everywhere" voids every link sent before. The
invitation and the reset have their own ``key_salt``: neither token opens the other page.

A link goes by e-mail and by SMS to what the account has; the text is in the site's
language (the recipient's is not known) and names no programme.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from jiedao.accounts.models import User
from jiedao.core.notifications import send_email, send_sms
from jiedao.core.sms.templates import PASSWORD_RESET, STAFF_INVITATION

EMAIL = "email"
SMS = "sms"
CHANNELS = (EMAIL, SMS)


class _StampedTokens(PasswordResetTokenGenerator):
    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}:{user.security_stamp}:{int(user.is_active)}"


class InvitationTokens(_StampedTokens):
    key_salt = "jiedao.accounts.staff.links.InvitationTokens"


class ResetTokens(_StampedTokens):
    key_salt = "jiedao.accounts.staff.links.ResetTokens"


invitation_tokens = InvitationTokens()
reset_tokens = ResetTokens()


def hours_valid() -> int:
    return int(settings.PASSWORD_RESET_TIMEOUT) // 3600


def site_root(request: HttpRequest) -> str:
    """The site's address as the request reached it (its host checked against
    ``ALLOWED_HOSTS``): links in messages must be absolute."""
    return request.build_absolute_uri("/")


def link(user: User, *, url_name: str, tokens: PasswordResetTokenGenerator, base_url: str) -> str:
    kwargs = {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": tokens.make_token(user)}
    return urljoin(base_url, reverse(url_name, kwargs=kwargs))


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str


def _deliver(user: User, *, url: str, letter: Letter, sms_template: str, channels: Iterable[str]) -> tuple[str, ...]:
    """Send ``url`` by each of ``channels`` the account has an address for; the channels
    that took it (a failure is logged by the sender, never raised)."""
    sent: list[str] = []
    if EMAIL in channels and user.email and send_email(user.email, letter.subject, letter.body):
        sent.append(EMAIL)
    if SMS in channels and user.phone and user.subdistrict is not None:
        params = {"hours": hours_valid(), "link": url}
        if send_sms(user.phone, sms_template, params, signature=user.subdistrict.name):
            sent.append(SMS)
    return tuple(sent)


def _greeting(user: User) -> dict[str, object]:
    return {
        "name": user.display_name or user.username,
        "username": user.username,
        "subdistrict": user.subdistrict.name if user.subdistrict is not None else "",
        "hours": hours_valid(),
    }


def send_invitation(user: User, *, base_url: str) -> tuple[str, ...]:
    """The invitation to set a first password, by e-mail and SMS; the channels that took it."""
    url = link(user, url_name="accounts:invitation", tokens=invitation_tokens, base_url=base_url)
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_greeting(user), "link": url}
        letter = Letter(
            subject=_("%(subdistrict)s：请设置工作人员账号的密码") % values,
            body=_(
                "%(name)s，您好：\n\n%(subdistrict)s为您开通了工作人员账号，用户名为 %(username)s。"
                "请在%(hours)s小时内打开下面的链接设置密码（链接只能使用一次）：\n\n%(link)s\n\n"
                "如果您不知道此事，请忽略本邮件。"
            )
            % values,
        )
    return _deliver(user, url=url, letter=letter, sms_template=STAFF_INVITATION, channels=CHANNELS)


def send_reset(user: User, *, base_url: str, channels: Iterable[str]) -> tuple[str, ...]:
    """A link to set a new password, by ``channels``; the channels that took it."""
    url = link(user, url_name="accounts:password_reset_confirm", tokens=reset_tokens, base_url=base_url)
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_greeting(user), "link": url}
        letter = Letter(
            subject=_("%(subdistrict)s：重置工作人员账号的密码") % values,
            body=_(
                "%(name)s，您好：\n\n有人（可能是您本人）申请重置账号 %(username)s 的密码。"
                "请在%(hours)s小时内打开下面的链接设置新密码（链接只能使用一次）：\n\n%(link)s\n\n"
                "如非本人操作，请忽略本邮件，您的密码不会改变。"
            )
            % values,
        )
    return _deliver(user, url=url, letter=letter, sms_template=PASSWORD_RESET, channels=channels)
