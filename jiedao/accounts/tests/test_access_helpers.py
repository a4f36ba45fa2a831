"""``jiedao.accounts.access``: the tenant of a staff member, querysets limited to it,
and one object for an actor: 404 outside what they see, 403 for what they see but
may not change, the row locked inside a transaction."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.access import one_for_actor, scoped, staff_tenant, tenant_of
from jiedao.accounts.actor import ANONYMOUS, Actor, actor_for
from jiedao.accounts.models import User
from jiedao.org.models import ResidentialArea
from jiedao.testing import World

REFUSAL = "您无权修改该居民区。"


def actor(world: World, key: str) -> Actor:
    return actor_for(world.users[key])


def areas_of(world: World, key: str) -> QuerySet[ResidentialArea]:
    return scoped(ResidentialArea.objects.all(), actor(world, key))


# staff_tenant, tenant_of, scoped --------------------------------------------------


def test_staff_work_on_their_own_subdistrict(world: World) -> None:
    for key in ("admin", "union", "xiuyuan", "jiachun", "counsellor"):
        assert staff_tenant(actor(world, key)) == world.liangcheng.pk, key
        assert tenant_of(actor(world, key)) == world.liangcheng.pk, key
    assert staff_tenant(actor(world, "other_admin")) == world.quyang.pk
    assert tenant_of(actor(world, "other_admin")) == world.quyang.pk


@pytest.mark.parametrize("key", ["worker", "jobseeker"])
def test_residents_have_no_tenant(world: World, key: str) -> None:
    resident = actor(world, key)
    assert resident.subdistrict_id == world.liangcheng.pk  # they belong to one, but do not work on it

    assert staff_tenant(resident) is None
    with pytest.raises(Http404):
        tenant_of(resident)


def test_anonymous_and_accounts_without_a_subdistrict_have_no_tenant(db: None) -> None:
    root = User.objects.create_superuser(username="root", password="x")
    for nobody in (ANONYMOUS, actor_for(root)):
        assert staff_tenant(nobody) is None
        with pytest.raises(Http404):
            tenant_of(nobody)


def test_scoped_limits_staff_to_their_subdistrict(world: World) -> None:
    assert set(areas_of(world, "admin")) == {world.xiuyuan, world.zhonghong}
    assert set(areas_of(world, "xiuyuan")) == {world.xiuyuan, world.zhonghong}
    assert set(areas_of(world, "other_admin")) == {world.quyang_area}


def test_scoped_keeps_the_callers_filters(world: World) -> None:
    admin = actor(world, "admin")

    assert list(scoped(ResidentialArea.objects.filter(name="秀苑"), admin)) == [world.xiuyuan]
    assert list(scoped(ResidentialArea.objects.filter(name="玉田"), admin)) == []


def test_scoped_is_empty_for_residents_without_a_query(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    resident, anonymous = actor(world, "worker"), ANONYMOUS

    with django_assert_num_queries(0):
        assert list(scoped(ResidentialArea.objects.all(), resident)) == []
        assert list(scoped(ResidentialArea.objects.all(), anonymous)) == []


# one_for_actor ----------------------------------------------------------------------


def test_one_for_actor_returns_a_visible_object(world: World) -> None:
    visible = areas_of(world, "admin")

    assert one_for_actor(visible, world.xiuyuan.pk) == world.xiuyuan
    assert one_for_actor(visible, world.zhonghong.pk, for_update=True) == world.zhonghong
    # may_change only matters to a change (for_update): reading is allowed.
    assert one_for_actor(visible, world.xiuyuan.pk, may_change=False, refusal=REFUSAL) == world.xiuyuan


@pytest.mark.parametrize("for_update", [False, True])
def test_one_for_actor_is_404_outside_the_queryset(world: World, for_update: bool) -> None:
    visible = areas_of(world, "admin")

    with pytest.raises(Http404):
        one_for_actor(visible, world.quyang_area.pk, for_update=for_update)
    with pytest.raises(Http404):
        one_for_actor(visible, 987654, for_update=for_update)
    with pytest.raises(Http404):
        one_for_actor(areas_of(world, "worker"), world.xiuyuan.pk, for_update=for_update)


def test_one_for_actor_is_404_not_403_for_an_object_out_of_scope_that_may_not_change(world: World) -> None:
    visible = areas_of(world, "admin")

    for pk in (world.quyang_area.pk, 987654):
        with pytest.raises(Http404):
            one_for_actor(visible, pk, for_update=True, may_change=False, refusal=REFUSAL)


def test_one_for_actor_is_403_with_the_refusal_for_a_visible_object_that_may_not_change(world: World) -> None:
    visible = areas_of(world, "admin")

    with pytest.raises(PermissionDenied) as refused:
        one_for_actor(visible, world.xiuyuan.pk, for_update=True, may_change=False, refusal=REFUSAL)

    assert str(refused.value) == REFUSAL


def locking_selects(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT") and "FOR UPDATE" in q["sql"]]


def test_one_for_actor_locks_only_the_row_inside_a_transaction(world: World) -> None:
    visible = areas_of(world, "admin").select_related("subdistrict")

    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        area = one_for_actor(visible, world.xiuyuan.pk, for_update=True)

    assert area == world.xiuyuan
    assert area.subdistrict == world.liangcheng
    if connection.features.has_select_for_update:
        [sql] = locking_selects(captured)
        table = connection.ops.quote_name(ResidentialArea._meta.db_table)
        assert sql.endswith(f"FOR UPDATE OF {table}")  # the area, not the joined sub-district
    else:  # SQLite has no row locks: Django leaves the clause out
        assert locking_selects(captured) == []


def test_one_for_actor_does_not_lock_when_reading(world: World) -> None:
    visible = areas_of(world, "admin")

    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        one_for_actor(visible, world.xiuyuan.pk)

    assert locking_selects(captured) == []
    assert len(captured.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_one_for_actor_takes_no_lock_outside_a_transaction(world: World) -> None:
    """Outside ``atomic()`` a lock would end with the statement (and PostgreSQL
    refuses ``select_for_update`` there): the object is read without one."""
    visible = areas_of(world, "admin")
    assert not connection.in_atomic_block

    with CaptureQueriesContext(connection) as outside:
        area = one_for_actor(visible, world.xiuyuan.pk, for_update=True)
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        one_for_actor(visible, world.xiuyuan.pk, for_update=True)

    assert area == world.xiuyuan
    assert locking_selects(outside) == []
    assert len(locking_selects(inside)) == (1 if connection.features.has_select_for_update else 0)
