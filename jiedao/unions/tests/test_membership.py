import pytest
from django.db import IntegrityError, transaction

from jiedao.core.errors import Conflict, DomainError, Forbidden, NotFound
from jiedao.people.models import Person
from jiedao.testing import World, make_person
from jiedao.unions import services
from jiedao.unions.models import EventKind, Membership, MembershipStatus
from jiedao.unions.tests.conftest import UnionsSetup, actor

pytestmark = pytest.mark.django_db


def _worker_of_small(world: World, unions: UnionsSetup) -> Person:
    return make_person(world.liangcheng, "周小梅", area=world.xiuyuan, employer=unions.small, roles={"is_worker"})


def test_suggested_union_follows_employer_then_area(world: World, unions: UnionsSetup) -> None:
    assert services.suggest_union(world.people["worker"]) == unions.jiachun_union
    assert services.suggest_union(_worker_of_small(world, unions)) == unions.xiuyuan_joint
    other = make_person(world.liangcheng, "吴大力", area=world.xiuyuan, employer=unions.uncovered, roles={"is_worker"})
    assert services.suggest_union(other) == unions.xiuyuan_joint  # the joint union of the employer's area
    # 共志 has no grid: the worker's own residential area decides.
    assert services.suggest_union(world.people["zhonghong_worker"]) == unions.zhonghong_joint


def test_apply_then_union_then_federation_review(world: World, unions: UnionsSetup) -> None:
    person = _worker_of_small(world, unions)
    m = services.apply(actor=actor(world, "worker"), person=person)
    assert (m.status, m.union, m.employer) == (MembershipStatus.PENDING_UNION, unions.xiuyuan_joint, unions.small)
    with pytest.raises(Conflict):
        services.apply(actor=actor(world, "worker"), person=person)
    # The federation does not take the union's review; another area's chair does not see it.
    with pytest.raises(Forbidden):
        services.decide(actor=actor(world, "union"), membership_id=m.pk, approve=True)
    with pytest.raises(NotFound):
        services.decide(actor=actor(world, "zhonghong"), membership_id=m.pk, approve=True)
    m = services.decide(actor=actor(world, "xiuyuan"), membership_id=m.pk, approve=True)
    assert m.status == MembershipStatus.PENDING_FEDERATION
    with pytest.raises(Forbidden):
        services.decide(actor=actor(world, "xiuyuan"), membership_id=m.pk, approve=True)
    m = services.decide(actor=actor(world, "union"), membership_id=m.pk, approve=True)
    assert m.status == MembershipStatus.ACTIVE and m.card_number.startswith("GH") and m.joined_on
    person.refresh_from_db()
    assert person.is_union_member
    assert list(m.events.values_list("kind", flat=True)) == [
        EventKind.APPLIED,
        EventKind.UNION_APPROVED,
        EventKind.FEDERATION_APPROVED,
    ]
    with pytest.raises(Conflict):
        services.decide(actor=actor(world, "union"), membership_id=m.pk, approve=True)
    with pytest.raises(Conflict):
        services.apply(actor=actor(world, "worker"), person=person)


def test_a_rejection_needs_a_reason(world: World, unions: UnionsSetup) -> None:
    m = services.apply(actor=actor(world, "jiachun"), person=_worker_of_small(world, unions))
    with pytest.raises(DomainError):
        services.decide(actor=actor(world, "xiuyuan"), membership_id=m.pk, approve=False)
    m = services.decide(actor=actor(world, "xiuyuan"), membership_id=m.pk, approve=False, reason="非本区域单位职工")
    assert m.status == MembershipStatus.REJECTED and m.note == "非本区域单位职工"


def test_a_non_worker_and_an_unlinked_account_cannot_apply(world: World, unions: UnionsSetup) -> None:
    with pytest.raises(DomainError) as refused:
        services.apply(actor=actor(world, "jobseeker"), person=world.people["jobseeker"])
    assert refused.value.code == "not_a_worker"
    with pytest.raises(Conflict):
        services.apply(actor=actor(world, "admin"), person=None)


def test_one_current_membership_is_a_database_rule(world: World, unions: UnionsSetup) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            subdistrict=world.liangcheng,
            person=unions.member_membership.person,
            union=unions.xiuyuan_joint,
            status=MembershipStatus.ACTIVE,
            card_number="GH2020-OTHERCARD",
            joined_on="2021-01-01",
        )


def test_transfer_leave_and_reinstate_keep_the_history(world: World, unions: UnionsSetup) -> None:
    old = unions.member_membership
    worker = old.person
    worker.employer = unions.small
    worker.save()
    # The other area's chair does not see it; the enterprise chair may move their member.
    with pytest.raises(NotFound):
        services.transfer(actor=actor(world, "zhonghong"), membership_id=old.pk, union_id=unions.xiuyuan_joint.pk)
    new = services.transfer(actor=actor(world, "jiachun"), membership_id=old.pk, union_id=unions.xiuyuan_joint.pk)
    old.refresh_from_db()
    assert old.status == MembershipStatus.TRANSFERRED and old.ended_on
    assert (new.union, new.card_number, new.previous, new.employer) == (
        unions.xiuyuan_joint,
        old.card_number,
        old,
        unions.small,
    )
    left = services.leave(actor=actor(world, "xiuyuan"), membership_id=new.pk, reason="本人申请")
    assert left.status == MembershipStatus.LEFT
    worker.refresh_from_db()
    assert not worker.is_union_member
    back = services.reinstate(actor=actor(world, "union"), membership_id=left.pk)
    assert back.status == MembershipStatus.ACTIVE and back.card_number == old.card_number
    worker.refresh_from_db()
    assert worker.is_union_member
    with pytest.raises(Conflict):
        services.reinstate(actor=actor(world, "union"), membership_id=left.pk)
    assert Membership.objects.filter(person=worker).count() == 3
