"""Binding an account to the registry (``residents.binding.bind_person``): the one
answer for every "no", the field errors of malformed input, the audit and the limit,
and who may bind at all."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pytest_django import Settings

from jiedao.accounts.models import User
from jiedao.core.errors import Conflict, Forbidden, Invalid, TooMany
from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.residents.binding import BIND_REFUSED_REASON, bind_person
from jiedao.residents.models import RegistryClaim
from jiedao.residents.tests.binding_helpers import NOT_VERIFIED, new_resident
from jiedao.testing import World, make_id_number, make_person

LIMIT = 3


@pytest.fixture(autouse=True)
def bind_limit(settings: Settings) -> None:
    settings.JIEDAO_BIND_ATTEMPT_LIMIT = LIMIT
    settings.JIEDAO_BIND_WINDOW_MINUTES = 60


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    # 01:00 Asia/Shanghai, when CI runs; moved on by hand.
    with time_machine.travel(dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


def refusals(user: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor=user, action=AuditEntry.Action.REFUSED).order_by("pk"))


def test_a_resident_binds_to_their_registry_record(world: World) -> None:
    user = new_resident(world)
    target = world.people["party_member"]
    person = bind_person(user=user, name="乐跃明", id_number=target.id_number)
    assert person.pk == target.pk
    target.refresh_from_db()
    user.refresh_from_db()
    assert target.user_id == user.pk and user.display_name == "乐跃明"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(target.pk))
    assert entry.object_type == "people.person" and entry.detail == {"changes": {"user": [None, user.pk]}}
    assert target.id_number not in str(entry.detail) and entry.actor_id == user.pk


# A name as people type it: spaces between Han characters, look-alike middle dots,
# full-width Latin letters, another case.
TYPED_NAMES = [
    ("乐跃明", " 乐 跃明 "),
    ("阿卜杜·热合曼", "阿卜杜・热合曼"),
    ("阿卜杜·热合曼", "阿卜杜•热合曼"),
    ("阿卜杜·热合曼", "阿卜杜.热合曼"),
    ("Anna-Maria O'Neil", "ａｎｎａ－ｍａｒｉａ o’neil"),
    ("José Müller", "JOSE\u0301 MU\u0308LLER"),
]


@pytest.mark.parametrize(("registered", "typed"), TYPED_NAMES)
def test_names_match_as_the_registry_writes_them(world: World, registered: str, typed: str) -> None:
    number = make_id_number()
    person = make_person(world.liangcheng, registered, area=world.xiuyuan, id_number=number)
    # The number as typed with a Chinese input method: full-width digits, spaces, lower-case x.
    typed_number = " ".join(number[i : i + 6] for i in range(0, 18, 6)).lower().replace("1", "１")
    assert bind_person(user=new_resident(world), name=typed, id_number=typed_number).pk == person.pk


def _other_name(world: World) -> tuple[str, str]:
    return "乐跃华", world.people["party_member"].id_number


def _unregistered(world: World) -> tuple[str, str]:
    return "乐跃明", make_id_number()


def _bound_to_someone_else(world: World) -> tuple[str, str]:
    return "王秀英", world.people["worker"].id_number


def _another_subdistrict(world: World) -> tuple[str, str]:
    return "赵曲阳", world.people["quyang_resident"].id_number


CASES = {
    "name_mismatch": _other_name,
    "not_found": _unregistered,
    "bound_to_another_account": _bound_to_someone_else,
    "not_found_in_own_subdistrict": _another_subdistrict,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_no_is_one_and_the_same_answer_and_is_audited(world: World, case: str) -> None:
    user = new_resident(world)
    name, number = CASES[case](world)
    with pytest.raises(Invalid) as refused:
        bind_person(user=user, name=name, id_number=number)
    assert refused.value.message == NOT_VERIFIED and refused.value.field is None and refused.value.code == "invalid"
    [entry] = refusals(user)
    assert entry.detail["reason"] == BIND_REFUSED_REASON
    assert number not in str(entry.detail) and name not in str(entry.detail)
    assert not Person.objects.filter(user=user).exists()


MALFORMED_NUMBERS = ["", "3101", "31010919600101001", "310109196001010011", "310109206001010018", "abcdefghijklmnopqr"]


@pytest.mark.parametrize("number", MALFORMED_NUMBERS)
def test_a_malformed_number_is_a_fact_about_the_input_and_not_counted(world: World, number: str) -> None:
    user = new_resident(world)
    with pytest.raises(ValidationError) as refused:
        bind_person(user=user, name="乐跃明", id_number=number)
    assert set(refused.value.message_dict) == {"id_number"}
    assert refusals(user) == []


@examples(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=0, max_size=80))
def test_any_text_as_a_name_is_answered_never_crashes(world: World, name: str) -> None:
    """Hostile names (control characters, emoji, far too long): a field error or the one answer."""
    try:
        bind_person(user=new_resident(world), name=name, id_number=make_id_number())
    except ValidationError as exc:
        assert set(exc.message_dict) == {"name"}
    except Invalid as exc:
        assert exc.message == NOT_VERIFIED
    else:
        raise AssertionError("nobody holds a fresh number")


def test_staff_may_not_bind_and_a_bound_account_is_told(world: World) -> None:
    number = world.people["party_member"].id_number
    with pytest.raises(Forbidden):
        bind_person(user=world.users["xiuyuan"], name="乐跃明", id_number=number)
    with pytest.raises(Conflict) as bound:
        bind_person(user=world.users["worker"], name="乐跃明", id_number=number)
    assert bound.value.code == "already_bound"
    assert Person.objects.get(pk=world.people["party_member"].pk).user_id is None


def test_failures_are_limited_per_account_until_the_window_passes(world: World, clock: time_machine.Traveller) -> None:
    user, other = new_resident(world), new_resident(world)
    for _ in range(LIMIT):
        with pytest.raises(Invalid):
            bind_person(user=user, name="乐跃华", id_number=world.people["party_member"].id_number)
        clock.shift(dt.timedelta(minutes=10))
    # Now even the right answer waits: the limit says nothing about the input.
    with pytest.raises(TooMany) as limited:
        bind_person(user=user, name="乐跃明", id_number=world.people["party_member"].id_number)
    # The first failure leaves the window 60 minutes after it: 30 minutes from now.
    assert limited.value.details == {"retry_after": 30 * 60} and "30分钟" in limited.value.message
    # Another account is not held back by this one's failures.
    assert bind_person(user=other, name="陈懿", id_number=world.people["zhonghong_worker"].id_number)
    clock.shift(dt.timedelta(minutes=30, seconds=1))
    assert bind_person(user=user, name="乐跃明", id_number=world.people["party_member"].id_number)


def test_binding_closes_the_accounts_pending_claim(world: World) -> None:
    user = new_resident(world)
    claim = RegistryClaim.objects.create(
        subdistrict=world.liangcheng,
        user=user,
        name="乐跃明",
        id_number=world.people["party_member"].id_number,
        id_number_hash=world.people["party_member"].id_number_hash,
        residential_area=world.xiuyuan,
    )
    bind_person(user=user, name="乐跃明", id_number=world.people["party_member"].id_number)
    claim.refresh_from_db()
    assert claim.status == RegistryClaim.Status.REJECTED and claim.decided_at is not None and claim.reason
    assert AuditEntry.objects.filter(object_type="residents.registryclaim", object_id=str(claim.pk)).exists()
