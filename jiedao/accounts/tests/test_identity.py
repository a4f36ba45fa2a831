"""``accounts.identity`` reads in one statement what the ORM read in three: the same user,
sub-district and assignments of today, converted the same way (encrypted phone, aware
datetimes), for sessions and tokens alike."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts import identity
from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import ApiToken, Role, RoleAssignment, User
from jiedao.accounts.sessions import SessionStore
from jiedao.accounts.tokens import _digest, token_issue, token_user
from jiedao.testing import World, make_user


def _orm_assignments(user: User) -> list[RoleAssignment]:
    """What ``actor_for`` read before: the queryset the statement stands for."""
    return list(
        RoleAssignment.objects.current()
        .filter(user=user, subdistrict=user.subdistrict)
        .select_related("residential_area", "unit")
        .order_by("role", "id")
    )


@pytest.fixture
def chair(world: World) -> User:
    user = make_user(
        world.liangcheng,
        "chair",
        (Role.AREA_UNION_CHAIR, world.xiuyuan),
        (Role.ENTERPRISE_UNION_CHAIR, world.jiachun),
        (Role.PARTY_OFFICE, None),
        phone="13800138000",
    )
    today = timezone.localdate()
    ended = RoleAssignment.objects.create(
        subdistrict=world.liangcheng, user=user, role=Role.LABOUR_OFFICE, ends_on=today - dt.timedelta(days=1)
    )
    last_day = RoleAssignment.objects.create(
        subdistrict=world.liangcheng, user=user, role=Role.UNION_FEDERATION, ends_on=today
    )
    assert ended.pk and last_day.pk
    return user


def test_a_user_with_the_assignments_of_today_as_the_orm_reads_them(
    chair: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        user = identity.by_user_id(chair.pk)
        assert user is not None
        assignments = getattr(user, identity.ASSIGNMENTS)
        # Loaded with the user: reading them and their names costs no query.
        names = [(a.role, str(a.residential_area or ""), str(a.unit or "")) for a in assignments]
        assert user.subdistrict is not None and user.subdistrict.name
    expected = _orm_assignments(chair)
    assert [a.pk for a in assignments] == [a.pk for a in expected]
    assert names == [(a.role, str(a.residential_area or ""), str(a.unit or "")) for a in expected]
    assert Role.LABOUR_OFFICE not in {a.role for a in assignments}  # ended yesterday
    assert Role.UNION_FEDERATION in {a.role for a in assignments}  # ends today: still held
    # The same values the ORM gives, converters included.
    fresh = User.objects.get(pk=chair.pk)
    assert user.phone == fresh.phone == "13800138000"
    assert user.date_joined == fresh.date_joined and timezone.is_aware(user.date_joined)
    assert user.password == fresh.password and user.security_stamp == fresh.security_stamp
    assert user.is_active is True and user.is_superuser is False


def test_the_assignments_end_at_midnight(chair: User) -> None:
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    with time_machine.travel(tomorrow.replace(hour=0, minute=1)):
        user = identity.by_user_id(chair.pk)
        assert user is not None
        roles = {a.role for a in getattr(user, identity.ASSIGNMENTS)}
        assert Role.UNION_FEDERATION not in roles
        assert [a.pk for a in getattr(user, identity.ASSIGNMENTS)] == [a.pk for a in _orm_assignments(chair)]


def test_another_subdistricts_assignments_are_not_read(world: World, chair: User) -> None:
    RoleAssignment.objects.create(subdistrict=world.quyang, user=chair, role=Role.PARTY_MASS_CENTRE)
    user = identity.by_user_id(chair.pk)
    assert Role.PARTY_MASS_CENTRE not in {a.role for a in getattr(user, identity.ASSIGNMENTS)}


def test_a_user_without_roles_or_subdistrict(world: World) -> None:
    resident = make_user(world.liangcheng, "plain")
    user = identity.by_user_id(resident.pk)
    assert user is not None and getattr(user, identity.ASSIGNMENTS) == ()
    root = User.objects.create_superuser("root", password="x" * 20)
    user = identity.by_user_id(root.pk)
    assert user is not None and user.subdistrict is None and getattr(user, identity.ASSIGNMENTS) == ()
    assert actor_for(user).assignments == ()


@pytest.mark.parametrize("user_id", [None, "", "abc", "1.5", 10**30])
def test_an_id_naming_nobody(db: None, user_id: object) -> None:
    assert identity.by_user_id(user_id) is None


def test_a_token_and_its_user(chair: User, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    raw, token = token_issue(user=chair)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    area_id = _area(chair)
    with django_assert_num_queries(1):  # last used a moment ago: no write
        user = token_user(raw)
        assert user is not None and user.pk == chair.pk
        actor = actor_for(user)
        assert actor.has_role(Role.PARTY_OFFICE) and actor.area_ids(Role.AREA_UNION_CHAIR) == {area_id}
    found = identity.by_token_digest(_digest(raw))
    assert found is not None
    assert found.token.pk == token.pk and found.token.expires_at == ApiToken.objects.get(pk=token.pk).expires_at
    assert identity.by_token_digest(_digest("not-a-token")) is None


def _area(user: User) -> int:
    return RoleAssignment.objects.get(user=user, role=Role.AREA_UNION_CHAIR).residential_area_id or 0


def test_a_token_of_an_inactive_user_revoked_or_expired_is_refused(chair: User) -> None:
    raw, token = token_issue(user=chair)
    assert token_user(raw) is not None
    User.objects.filter(pk=chair.pk).update(is_active=False)
    assert token_user(raw) is None
    User.objects.filter(pk=chair.pk).update(is_active=True)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert token_user(raw) is None
    raw, token = token_issue(user=chair)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert token_user(raw) is None


def test_a_session_is_read_until_it_expires(chair: User) -> None:
    store = SessionStore()
    store["k"] = "v"
    store.set_expiry(60)
    store.create()
    assert SessionStore(store.session_key).load() == {"k": "v", "_session_expiry": 60}
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        expired = SessionStore(store.session_key)
        assert expired.load() == {}
        assert expired.session_key is None  # a fresh one is made on save, as Django's own store does
    assert SessionStore("no-such-session-key").load() == {}


def test_a_session_user_and_roles_in_two_queries(
    client: Client, chair: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(chair)
    request = RequestFactory().get("/")
    request.session = SessionStore(client.session.session_key)
    with django_assert_num_queries(2):  # the session; the user with sub-district and roles
        user = get_user(request)
        assert user.pk == chair.pk
        assert actor_for(user).has_role(Role.PARTY_OFFICE)
