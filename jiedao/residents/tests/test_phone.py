"""A new sign-in number (``residents.phone``): the resident proves the old number (a
fresh step-up) and the new one (a code sent to it); staff change it for a resident who
lost the old one. One number, one account; every other session and token ends."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.accounts.tests.helpers import session_alive, session_of, token_alive
from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.sms import SmsMessage
from jiedao.people.models import Person
from jiedao.residents import codes
from jiedao.residents.phone import staff_change_phone
from jiedao.testing import World

from .binding_helpers import PHONE_URL, field_error, fresh_number, give_phone, html, last_code, make_stale, outbox

__all__ = ["outbox"]  # the fixture, used by name

pytestmark = pytest.mark.django_db
REGISTRY_PHONE = "13812345678"  # the worker's phone in the registry (jiedao.testing)
TAKEN = "该手机号已用于另一个账号，不能再用于此账号。如这是您的号码，请联系所在居民区工作人员。"


def test_the_url() -> None:
    assert reverse("residents:phone") == PHONE_URL


def ask_code(client: Client, number: str) -> str:
    response = client.post(PHONE_URL, {"phone": number})
    assert response.status_code == 302 and response["Location"] == f"{PHONE_URL}?step=code", html(response)
    return response["Location"]


def test_a_resident_moves_to_a_new_number(client: Client, world: World, outbox: list[SmsMessage]) -> None:
    user = give_phone(world.users["worker"], REGISTRY_PHONE)
    elsewhere, (raw, _token) = session_of(user), token_issue(user=user)
    client.force_login(user)
    new = fresh_number()
    step_two = ask_code(client, new)
    page = html(client.get(step_two))
    assert f"{new[:3]}****{new[-4:]}" in page and new not in page  # the number stays out of the page and URL
    response = client.post(step_two, {"code": last_code(outbox, new)})
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    user.refresh_from_db()
    assert user.phone == new and user.phone_hash == codes.phone_hash(new)
    person = Person.objects.get(pk=world.people["worker"].pk)
    assert person.phone == new  # it was the old number: reminders now reach the new one
    assert session_alive(client) and not session_alive(elsewhere) and not token_alive(raw)
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk), action=AuditEntry.Action.UPDATE)
    assert entry.detail == {"changes": {"phone": None}, "signed_out_everywhere": True}
    assert new not in str(list(AuditEntry.objects.values_list("detail", flat=True)))


def test_a_registry_phone_of_its_own_is_left_alone(client: Client, world: World, outbox: list[SmsMessage]) -> None:
    user = give_phone(world.users["worker"], fresh_number())
    client.force_login(user)
    new = fresh_number()
    client.post(ask_code(client, new), {"code": last_code(outbox, new)})
    assert Person.objects.get(pk=world.people["worker"].pk).phone == REGISTRY_PHONE


def test_the_page_asks_for_a_fresh_proof_first(client: Client, world: World, outbox: list[SmsMessage]) -> None:
    client.force_login(give_phone(world.users["worker"], fresh_number()))
    make_stale(client)
    response = client.post(PHONE_URL, {"phone": fresh_number()})
    assert response.status_code == 302 and response["Location"].startswith("/me/confirm/?next=")
    assert outbox == []


def test_another_accounts_number_is_told_only_after_its_code(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    taken = fresh_number()
    give_phone(world.users["jobseeker"], taken)
    user = give_phone(world.users["worker"], fresh_number())
    client.force_login(user)
    step_two = ask_code(client, taken)  # sent as to any number: the page tells nothing yet
    wrong = client.post(step_two, {"code": "999999" if last_code(outbox, taken) != "999999" else "888888"})
    assert wrong.status_code == 400 and TAKEN not in html(wrong)
    refused = client.post(step_two, {"code": last_code(outbox, taken)})
    assert refused.status_code == 400 and TAKEN in html(refused)
    user.refresh_from_db()
    assert user.phone != taken


@pytest.mark.parametrize("typed", ["021-6543 2100", "12345", "一三八", "+1 202 555 0100", "", "1" * 40])
def test_not_a_mainland_mobile_is_told_and_nothing_is_sent(
    client: Client, world: World, outbox: list[SmsMessage], typed: str
) -> None:
    client.force_login(give_phone(world.users["worker"], fresh_number()))
    response = client.post(PHONE_URL, {"phone": typed})
    assert response.status_code == 400 and field_error(response, "phone") and outbox == []


def test_the_same_number_again_is_no_change(client: Client, world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    client.force_login(give_phone(world.users["worker"], number))
    response = client.post(PHONE_URL, {"phone": number})
    assert response.status_code == 400 and "相同" in field_error(response, "phone") and outbox == []


def test_one_number_one_account_in_the_database(world: World) -> None:
    number = fresh_number()
    give_phone(world.users["worker"], number)
    with pytest.raises(IntegrityError), transaction.atomic():
        give_phone(world.users["jobseeker"], number)


# ---------------------------------------------------------------- staff


@pytest.mark.parametrize("persona", ["admin", "union", "xiuyuan"])
def test_the_areas_staff_change_a_lost_number(client: Client, world: World, persona: str) -> None:
    resident = give_phone(world.users["worker"], REGISTRY_PHONE)
    elsewhere = session_of(resident)
    client.force_login(world.users[persona])
    url = reverse("residents:staff_phone", args=[world.people["worker"].pk])
    new = fresh_number()
    response = client.post(url, {"phone": new, "reason": "原手机号已停用，已当面核对身份证。"})
    assert response.status_code == 302 and response["Location"] == f"/people/{world.people['worker'].pk}/"
    assert User.objects.get(pk=resident.pk).phone == new and not session_alive(elsewhere)
    entry = AuditEntry.objects.get(object_type="accounts.user", actor=world.users[persona])
    assert entry.detail["reason"] == "原手机号已停用，已当面核对身份证。" and entry.detail["changes"] == {"phone": None}


@pytest.mark.parametrize(
    ("persona", "refusal"), [("zhonghong", Http404), ("other_admin", Http404), ("jiachun", PermissionDenied)]
)
def test_staff_out_of_the_persons_area_may_not(world: World, persona: str, refusal: type[Exception]) -> None:
    with pytest.raises(refusal):
        staff_change_phone(
            actor=actor_for(world.users[persona]),
            person_id=world.people["worker"].pk,
            phone=fresh_number(),
            reason="丢失",
            request=None,
        )


def test_staff_refusals(world: World) -> None:
    admin = actor_for(world.users["admin"])
    taken = fresh_number()
    give_phone(world.users["jobseeker"], taken)
    worker = world.people["worker"].pk
    for phone, reason, field in ((fresh_number(), "", "reason"), ("12345", "丢失", "phone"), (taken, "丢失", "phone")):
        with pytest.raises(ValidationError) as refused:
            staff_change_phone(actor=admin, person_id=worker, phone=phone, reason=reason, request=None)
        assert set(refused.value.message_dict) == {field}
    with pytest.raises(Conflict):  # 乐跃明 has no account
        staff_change_phone(
            actor=admin, person_id=world.people["party_member"].pk, phone=fresh_number(), reason="丢失", request=None
        )


def test_the_person_page_links_to_the_change_for_an_account(client: Client, world: World) -> None:
    client.force_login(world.users["xiuyuan"])
    link = reverse("residents:staff_phone", args=[world.people["worker"].pk])
    assert link in html(client.get(reverse("people:detail", args=[world.people["worker"].pk])))
    no_account = world.people["party_member"].pk
    assert "更换登录手机号" not in html(client.get(reverse("people:detail", args=[no_account])))
    assert "尚未关联登录账号" in html(client.get(reverse("residents:staff_phone", args=[no_account])))
