"""Registry claims (``residents.claims``): a resident not in the registry files their
details; the area's staff confirm (a person is created and bound) or turn it down.
A pending claim is no person: no programme sees it."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person
from jiedao.residents.claims import claim_confirm, claim_reject, file_claim
from jiedao.residents.models import RegistryClaim
from jiedao.testing import World, make_id_number, make_person

from .binding_helpers import new_resident

pytestmark = pytest.mark.django_db


def filed(world: World, user: User | None = None, /, **extra: object) -> RegistryClaim:
    data: dict[str, object] = {
        "name": "周凉城",
        "id_number": make_id_number(male=False),
        "residential_area_id": world.xiuyuan.pk,
        "note": "秀苑路12号",
    }
    return file_claim(user=user or new_resident(world), **(data | extra))  # type: ignore[arg-type]


def test_a_claim_is_filed_without_looking_at_the_registry(world: World) -> None:
    user = new_resident(world)
    claim = filed(world, user, name=" 周 凉城 ")
    assert claim.status == RegistryClaim.Status.PENDING and claim.name == "周凉城"
    assert claim.subdistrict_id == world.liangcheng.pk and claim.residential_area_id == world.xiuyuan.pk
    entry = AuditEntry.objects.get(object_type="residents.registryclaim", action=AuditEntry.Action.CREATE)
    assert entry.detail == {"values": {"residential_area": world.xiuyuan.pk}}
    # A number in the registry is taken all the same: refusing it would tell who is registered.
    assert filed(world, id_number=world.people["party_member"].id_number).pk


def test_a_pending_claim_is_not_a_person(world: World) -> None:
    claim = filed(world)
    for persona in ("admin", "xiuyuan", "labour"):
        visible = people_visible_to(actor_for(world.users[persona]))
        assert not visible.filter(id_number_hash=claim.id_number_hash).exists()
    assert not Person.objects.filter(id_number_hash=claim.id_number_hash).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "周凉城🙂"),
        ("name", "周\x00凉城"),
        ("id_number", "3101"),
        ("id_number", ""),
        ("residential_area_id", None),
        ("note", "门牌\x07号"),
        ("note", "长" * 201),
    ],
)
def test_bad_input_is_told_by_field(world: World, field: str, value: object) -> None:
    with pytest.raises(ValidationError) as refused:
        filed(world, **{field: value})
    assert set(refused.value.message_dict) == {field}
    assert not RegistryClaim.objects.exists()


def test_an_area_of_another_subdistrict_reads_as_no_area(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        filed(world, residential_area_id=world.quyang_area.pk)
    assert set(refused.value.message_dict) == {"residential_area_id"}


def test_one_pending_claim_per_account_and_per_number(world: World) -> None:
    user = new_resident(world)
    first = filed(world, user)
    with pytest.raises(Conflict) as again:
        filed(world, user)
    assert again.value.code == "claim_pending"
    with pytest.raises(Conflict) as same_number:
        filed(world, id_number=first.id_number)
    assert same_number.value.code == "claim_pending_for_number"


def test_staff_and_bound_accounts_file_no_claim(world: World) -> None:
    with pytest.raises(Forbidden):
        filed(world, world.users["xiuyuan"])
    with pytest.raises(Conflict):
        filed(world, world.users["worker"])


@pytest.mark.parametrize("decider", ["admin", "union", "xiuyuan"])
def test_confirming_creates_the_person_and_binds_the_account(world: World, decider: str) -> None:
    claim = filed(world)
    person = claim_confirm(actor=actor_for(world.users[decider]), claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == RegistryClaim.Status.CONFIRMED and claim.person_id == person.pk
    assert claim.decided_by_id == world.users[decider].pk and claim.decided_at is not None
    assert person.user_id == claim.user_id and person.name == "周凉城"
    assert person.residential_area_id == world.xiuyuan.pk and person.phone == claim.user.phone
    assert person.gender == "F" and person.birth_date.isoformat()[:4] == claim.id_number[6:10]
    decided = AuditEntry.objects.filter(actor=world.users[decider])
    assert set(decided.values_list("action", "object_type")) == {
        (AuditEntry.Action.CREATE, "people.person"),
        (AuditEntry.Action.UPDATE, "people.person"),  # the account bound
        (AuditEntry.Action.UPDATE, "residents.registryclaim"),
    }
    with pytest.raises(Conflict) as twice:
        claim_confirm(actor=actor_for(world.users[decider]), claim_id=claim.pk)
    assert twice.value.code == "claim_decided"


@pytest.mark.parametrize("outsider", ["zhonghong", "jiachun", "counsellor", "worker", "other_admin"])
def test_only_the_areas_staff_decide(world: World, outsider: str) -> None:
    claim = filed(world)
    actor = actor_for(world.users[outsider])
    with pytest.raises(Http404):
        claim_confirm(actor=actor, claim_id=claim.pk)
    with pytest.raises(Http404):
        claim_reject(actor=actor, claim_id=claim.pk, reason="不认识")
    claim.refresh_from_db()
    assert claim.status == RegistryClaim.Status.PENDING


def test_registered_meanwhile_with_the_same_name_binds_that_person(world: World) -> None:
    claim = filed(world)
    person = make_person(world.liangcheng, "周凉城", area=world.zhonghong, id_number=claim.id_number)
    bound = claim_confirm(actor=actor_for(world.users["admin"]), claim_id=claim.pk)
    assert bound.pk == person.pk and Person.objects.get(pk=person.pk).user_id == claim.user_id
    assert Person.objects.filter(id_number_hash=claim.id_number_hash).count() == 1


def test_registered_meanwhile_under_another_name_is_refused_by_what_staff_see(world: World) -> None:
    claim = filed(world)
    make_person(world.liangcheng, "周凉华", area=world.zhonghong, id_number=claim.id_number)
    with pytest.raises(Conflict) as seen:  # the offices see the holder: told plainly
        claim_confirm(actor=actor_for(world.users["admin"]), claim_id=claim.pk)
    assert "周凉华" in seen.value.message
    chair = world.users["xiuyuan"]  # the holder lives in 中虹, out of the 秀苑 chair's sight
    with pytest.raises(ValidationError) as neutral:
        claim_confirm(actor=actor_for(chair), claim_id=claim.pk)
    assert "周凉华" not in str(neutral.value)
    assert AuditEntry.objects.filter(actor=chair, action=AuditEntry.Action.REFUSED).exists()
    assert RegistryClaim.objects.get(pk=claim.pk).status == RegistryClaim.Status.PENDING
    assert Person.objects.filter(user=claim.user).count() == 0


def test_rejecting_needs_a_reason_the_resident_reads(world: World) -> None:
    claim = filed(world)
    actor = actor_for(world.users["xiuyuan"])
    for blank in ("", "   ", "\x00"):
        with pytest.raises(ValidationError):
            claim_reject(actor=actor, claim_id=claim.pk, reason=blank)
    rejected = claim_reject(actor=actor, claim_id=claim.pk, reason="本居民区查无此人，请到居委会当面登记。")
    assert rejected.status == RegistryClaim.Status.REJECTED and rejected.reason.startswith("本居民区")
    assert not Person.objects.filter(user=claim.user).exists()
    # Turned down: the resident may file again.
    assert filed(world, claim.user).status == RegistryClaim.Status.PENDING
