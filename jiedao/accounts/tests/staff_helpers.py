"""Shared by the staff account tests (test_staff_*, test_invitation*, test_password_reset*):
a new staff account made by the admin, the messages it is sent, the links in them."""

import re
from typing import Any

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest
from django.test import Client, RequestFactory
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import Role, User
from jiedao.accounts.staff import services
from jiedao.core import notifications
from jiedao.core.sms import SmsMessage
from jiedao.testing import World

NEW_PASSWORD = "Qiao-men-2026!"
NEWCOMER = {
    "username": "qianxinlai",
    "display_name": "钱新来",
    "email": "qianxinlai@example.gov.cn",
    "phone": "13912345678",
}
# The path of a one-time link, as the messages give it (absolute: the test server's).
LINK = re.compile(r"http://testserver(/accounts/(?:invitation|password/reset)/[\w-]+/[\w-]+/)")


def sms_outbox(settings: Settings) -> list[SmsMessage]:
    """Text messages collected in memory from now on."""
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    return notifications.outbox


def a_request(address: str = "198.51.100.7") -> HttpRequest:
    return RequestFactory(REMOTE_ADDR=address).post("/")


def create_staff(world: World, *, role: str = Role.COUNSELLOR, **values: Any) -> User:
    """A staff account the 凉城 admin creates (and invites): ``NEWCOMER`` unless told otherwise."""
    arguments: dict[str, Any] = {**NEWCOMER, "role": role, **values}
    invited = services.staff_create(actor=actor_for(world.users["admin"]), request=a_request(), **arguments)
    return invited.user


def links_in(text: object) -> list[str]:
    return LINK.findall(str(text))


def mailed_link() -> str:
    """The link of the latest e-mail."""
    [path] = links_in(mail.outbox[-1].body)
    return path


def texted_link(outbox: list[SmsMessage]) -> str:
    [path] = links_in(outbox[-1].params["link"])
    return path


def set_password(client: Client, path: str, password: str = NEW_PASSWORD) -> Any:
    """Open a link and set ``password`` on the form it leads to; the form's answer."""
    opened = client.get(path)
    assert opened.status_code == 302, opened.content.decode()[:300]
    return client.post(opened["Location"], {"new_password1": password, "new_password2": password})


def can_sign_in(username: str, password: str = NEW_PASSWORD) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def link_is_spent(client: Client, path: str) -> bool:
    """The page a used, expired or voided link shows: 链接已失效, and no form."""
    response = client.get(path)
    body = response.content.decode()
    return response.status_code == 200 and "链接已失效" in body and "new_password1" not in body


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that takes nothing."""

    def send_messages(self, email_messages: Any) -> int:
        raise OSError("the mail server is down")
