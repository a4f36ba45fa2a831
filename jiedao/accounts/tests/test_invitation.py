"""The invitation to a new staff account: a link by e-mail or SMS, valid 72 hours, to
set a password that Django's validators accept; used once, then "链接已失效"; voided
by a deactivation, a lost role or "sign out everywhere"; then on to the login page."""

import base64
import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.accounts.services import sign_out_everywhere
from jiedao.accounts.staff import services
from jiedao.accounts.staff.links import invitation_tokens, reset_tokens
from jiedao.accounts.tests.staff_helpers import (
    NEW_PASSWORD,
    NEWCOMER,
    a_request,
    can_sign_in,
    create_staff,
    link_is_spent,
    mailed_link,
    set_password,
    sms_outbox,
    texted_link,
)
from jiedao.core.models import AuditEntry
from jiedao.testing import World


def test_the_invited_person_sets_a_password_and_is_sent_to_the_login_page(world: World) -> None:
    user = create_staff(world)
    browser = Client()

    response = set_password(browser, mailed_link())

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "密码已设置，请用新密码登录" in browser.get(response["Location"]).content.decode()
    assert can_sign_in(NEWCOMER["username"])
    entry = AuditEntry.objects.get(actor=user, action=AuditEntry.Action.UPDATE)
    assert entry.detail == {"changes": {"password": None}, "via": "invitation"}


def test_the_texted_link_works_the_same(world: World, settings: Settings) -> None:
    outbox = sms_outbox(settings)
    create_staff(world, email="")
    assert not mail.outbox
    assert set_password(Client(), texted_link(outbox)).status_code == 302
    assert can_sign_in(NEWCOMER["username"])


def test_the_form_names_the_account_and_keeps_the_token_out_of_the_address(world: World) -> None:
    create_staff(world)
    browser = Client()
    opened = browser.get(mailed_link())
    assert opened["Location"].endswith("/set-password/")
    page = browser.get(opened["Location"]).content.decode()
    assert NEWCOMER["username"] in page and "new_password1" in page


def test_a_link_is_used_once(world: World) -> None:
    create_staff(world)
    path = mailed_link()
    set_password(Client(), path)
    assert link_is_spent(Client(), path)
    assert link_is_spent(Client(), path.replace("/invitation/", "/password/reset/"))


@pytest.mark.parametrize(
    "password",
    [
        "short1!",  # under 8 characters
        "1234567890123",  # digits only
        "password123",  # too common
        "qianxinlai1",  # too like the username
    ],
)
def test_django_password_validators_apply(world: World, password: str) -> None:
    create_staff(world)
    response = set_password(Client(), mailed_link(), password)
    assert response.status_code == 400 and response.context["form"].errors
    assert not User.objects.get(username=NEWCOMER["username"]).has_usable_password()


def test_the_two_entries_must_match(world: World) -> None:
    create_staff(world)
    browser = Client()
    opened = browser.get(mailed_link())
    response = browser.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(("hours", "valid"), [(1, True), (71, True), (72, True), (73, False), (24 * 30, False)])
def test_a_link_lasts_72_hours(world: World, hours: int, valid: bool) -> None:
    create_staff(world)
    path = mailed_link()
    # In Shanghai time: the token reads the naive local clock.
    with time_machine.travel(timezone.localtime() + dt.timedelta(hours=hours, minutes=-1 if hours == 72 else 0)):
        assert link_is_spent(Client(), path) is not valid


def void_by_deactivation(world: World, user: User) -> None:
    services.staff_deactivate(actor=actor_for(world.users["admin"]), user_id=user.pk)


def void_by_sign_out(world: World, user: User) -> None:
    sign_out_everywhere(actor=world.users["admin"], user=user)


def void_by_role_change(world: World, user: User) -> None:
    RoleAssignment.objects.filter(user=user).update(role=Role.PARTY_OFFICE)


def void_by_new_email(world: World, user: User) -> None:
    user.email = "elsewhere@example.gov.cn"
    user.save()


@pytest.mark.parametrize(
    "void", [void_by_deactivation, void_by_sign_out, void_by_role_change, void_by_new_email], ids=lambda f: f.__name__
)
def test_a_change_to_the_account_voids_its_links(world: World, void: Callable[[World, User], None]) -> None:
    user = create_staff(world)
    path = mailed_link()
    void(world, User.objects.get(pk=user.pk))
    assert link_is_spent(Client(), path)


def test_a_reactivated_account_needs_a_new_invitation(world: World) -> None:
    user = create_staff(world)
    old = mailed_link()
    actor = actor_for(world.users["admin"])
    services.staff_deactivate(actor=actor, user_id=user.pk)
    with pytest.raises(Exception, match="该账号已停用"):
        services.invitation_resend(actor=actor, user_id=user.pk, request=a_request())
    services.staff_reactivate(actor=actor, user_id=user.pk)
    assert link_is_spent(Client(), old)

    services.invitation_resend(actor=actor, user_id=user.pk, request=a_request())
    assert set_password(Client(), mailed_link()).status_code == 302


def test_no_invitation_once_a_password_is_set(world: World) -> None:
    user = create_staff(world)
    set_password(Client(), mailed_link())
    with pytest.raises(Exception, match="该账号已设置密码"):
        services.invitation_resend(actor=actor_for(world.users["admin"]), user_id=user.pk, request=a_request())


def test_an_invitation_token_opens_no_reset_page_and_the_reverse(world: World) -> None:
    user = create_staff(world)
    uid = base64.urlsafe_b64encode(str(user.pk).encode()).decode().rstrip("=")
    invitation_token = invitation_tokens.make_token(user)
    reset_token = reset_tokens.make_token(user)
    assert link_is_spent(Client(), f"/accounts/password/reset/{uid}/{invitation_token}/")
    assert link_is_spent(Client(), f"/accounts/invitation/{uid}/{reset_token}/")


def test_a_residents_account_gets_nothing_from_a_link(world: World) -> None:
    resident = world.users["worker"]
    uid = base64.urlsafe_b64encode(str(resident.pk).encode()).decode().rstrip("=")
    assert link_is_spent(Client(), f"/accounts/invitation/{uid}/{invitation_tokens.make_token(resident)}/")


# Ids as a link could carry them: none a database holds, text, signs, the biggest numbers.
uids = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
    st.sampled_from(["0", "9223372036854775808", "99999999999999999999", "1e5", " 1", "١٢"]),
)


@pytest.mark.django_db
@given(uid=uids, token=st.from_regex(r"[0-9a-z]{1,12}-[0-9a-f]{1,40}", fullmatch=True))
@settings(deadline=None, max_examples=60)
def test_a_forged_link_is_refused_never_a_server_error(uid: str, token: str) -> None:
    encoded = base64.urlsafe_b64encode(uid.encode()).decode().rstrip("=") or "AA"
    for path in (f"/accounts/invitation/{encoded}/{token}/", f"/accounts/password/reset/{encoded}/{token}/"):
        assert link_is_spent(Client(), path)
