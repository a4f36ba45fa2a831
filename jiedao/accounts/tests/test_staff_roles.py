"""Roles of staff accounts from the app: given with their scope and an optional end
date, refused twice, ended at once (not the last one, nor the last admin's); an end
date counts in ``actor_for`` up to and including its day; the admin site edits it too."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404
from django.test import Client
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.accounts.staff import roles
from jiedao.accounts.tests.helpers import admin_change_data, session_alive, session_of, token_alive
from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.testing import World, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")


def assign(world: World, user: str, role: str, **values: Any) -> RoleAssignment:
    return roles.role_assign(actor=actor_for(world.users["admin"]), user_id=world.users[user].pk, role=role, **values)


@pytest.mark.parametrize(("days", "held"), [(-365, False), (-1, False), (0, True), (1, True), (365, True)])
def test_a_role_counts_up_to_and_including_its_last_day(world: World, days: int, held: bool) -> None:
    RoleAssignment.objects.filter(user=world.users["union"]).update(
        ends_on=timezone.localdate() + dt.timedelta(days=days)
    )
    assert actor_for(world.users["union"]).has_role(Role.UNION_FEDERATION) is held


@pytest.mark.parametrize(("clock", "held"), [("23:59", True), ("00:00", False), ("01:00", False)])
def test_the_last_day_ends_at_midnight_in_shanghai(world: World, clock: str, held: bool) -> None:
    """Whatever the hour the check runs (CI runs around 01:00 in Shanghai, 17:00 UTC)."""
    RoleAssignment.objects.filter(user=world.users["union"]).update(ends_on=dt.date(2030, 6, 30))
    day = dt.date(2030, 6, 30) if clock == "23:59" else dt.date(2030, 7, 1)
    moment = dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        assert actor_for(world.users["union"]).has_role(Role.UNION_FEDERATION) is held


def test_a_role_is_added_from_the_accounts_page_with_its_scope_and_end_date(world: World) -> None:
    last_day = timezone.localdate() + dt.timedelta(days=30)
    member = world.users["counsellor"]
    response = session_of(world.users["admin"]).post(
        f"/accounts/staff/{member.pk}/",
        {"role": Role.AREA_UNION_CHAIR, "residential_area_id": world.zhonghong.pk, "ends_on": last_day.isoformat()},
        follow=True,
    )
    assert "已添加角色“居民区工会主席”" in response.content.decode()
    given = RoleAssignment.objects.get(user=member, role=Role.AREA_UNION_CHAIR)
    assert (given.residential_area, given.ends_on, given.subdistrict) == (world.zhonghong, last_day, world.liangcheng)
    assert actor_for(member).area_ids(Role.AREA_UNION_CHAIR) == {world.zhonghong.pk}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(given.pk))
    assert entry.detail["values"]["ends_on"] == last_day.isoformat()


@pytest.mark.parametrize(
    ("role", "scope"),
    [(Role.COUNSELLOR, {}), (Role.AREA_UNION_CHAIR, {"residential_area_id": "xiuyuan"})],
)
def test_the_same_role_in_the_same_scope_is_refused_clearly(world: World, role: str, scope: dict[str, str]) -> None:
    ids = {key: getattr(world, name).pk for key, name in scope.items()}
    user = "counsellor" if role == Role.COUNSELLOR else "xiuyuan"
    response = session_of(world.users["admin"]).post(f"/accounts/staff/{world.users[user].pk}/", {"role": role, **ids})
    assert response.status_code == 400
    assert "该账号已有这一角色" in str(response.context["form"].errors["role"])


def test_a_role_ended_by_its_date_is_given_again_as_a_new_term(world: World) -> None:
    RoleAssignment.objects.filter(user=world.users["counsellor"]).update(ends_on=dt.date(2020, 12, 31))
    assign(world, "counsellor", Role.COUNSELLOR)
    [again] = RoleAssignment.objects.filter(user=world.users["counsellor"])
    assert again.ends_on is None and actor_for(world.users["counsellor"]).has_role(Role.COUNSELLOR)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(again.pk))
    assert entry.detail["renews_term_ended"] == "2020-12-31"


@pytest.mark.parametrize("days", [-1, -30])
def test_an_end_date_in_the_past_is_refused(world: World, days: int) -> None:
    with pytest.raises(Exception, match="任期截止日期不能早于今天"):
        assign(world, "counsellor", Role.PARTY_OFFICE, ends_on=timezone.localdate() + dt.timedelta(days=days))


@pytest.mark.parametrize("target", ["other_admin", "worker"])
def test_roles_are_given_only_to_the_admins_own_staff(world: World, target: str) -> None:
    with pytest.raises(Http404):
        assign(world, target, Role.PARTY_OFFICE)


def test_ending_a_role_deletes_it_ends_sessions_and_is_audited(world: World) -> None:
    extra = assign(world, "counsellor", Role.PARTY_OFFICE)
    browser = session_of(world.users["counsellor"])
    raw, _ = token_issue(user=world.users["counsellor"])

    response = session_of(world.users["admin"]).post(f"/accounts/staff/roles/{extra.pk}/end/", follow=True)

    assert "已结束角色“党建办”" in response.content.decode()
    assert not RoleAssignment.objects.filter(pk=extra.pk).exists()
    assert not session_alive(browser) and not token_alive(raw)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=str(extra.pk))
    assert entry.detail["values"]["role"] == Role.PARTY_OFFICE


def test_the_last_role_of_an_account_is_not_ended_deactivate_instead(world: World) -> None:
    [only] = RoleAssignment.objects.filter(user=world.users["counsellor"])
    response = session_of(world.users["admin"]).post(f"/accounts/staff/roles/{only.pk}/end/", follow=True)
    assert "这是该账号唯一的角色" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=only.pk).exists()


def test_the_last_admin_role_of_the_sub_district_is_not_ended(world: World) -> None:
    admin = world.users["admin"]
    assign(world, "admin", Role.PARTY_OFFICE)  # so the admin role is not the account's last
    own = RoleAssignment.objects.get(user=admin, role=Role.SUBDISTRICT_ADMIN)
    with pytest.raises(Conflict, match="唯一在任的街道管理员"):
        roles.role_end(actor=actor_for(admin), assignment_id=own.pk)
    # With a second admin it may go.
    make_user(world.liangcheng, "second_admin", (Role.SUBDISTRICT_ADMIN, None))
    roles.role_end(actor=actor_for(admin), assignment_id=own.pk)
    assert not actor_for(User.objects.get(pk=admin.pk)).has_role(Role.SUBDISTRICT_ADMIN)


@pytest.mark.parametrize("holder", ["other_admin", "worker"])
def test_roles_outside_the_admins_staff_cannot_be_ended(world: World, holder: str) -> None:
    assignment = RoleAssignment.objects.filter(user=world.users[holder]).first()
    assert assignment is not None
    with pytest.raises(Http404):
        roles.role_end(actor=actor_for(world.users["admin"]), assignment_id=assignment.pk)


def _superuser_admin_site(world: World) -> Client:
    root = User.objects.create_superuser("root", password="root-pass-2026")
    return session_of(root)


@pytest.mark.parametrize(("days", "saved"), [(-1, False), (0, True), (90, True)])
def test_the_admin_site_edits_the_end_date_not_into_the_past(world: World, days: int, saved: bool) -> None:
    site = _superuser_admin_site(world)
    member = world.users["counsellor"]
    data, rows = admin_change_data(site, member)
    last_day = timezone.localdate() + dt.timedelta(days=days)
    data[f"{rows[0]}-ends_on"] = last_day.isoformat()

    response = site.post(f"/admin/accounts/user/{member.pk}/change/", data)

    stored = RoleAssignment.objects.get(user=member).ends_on
    assert (response.status_code == 302) is saved
    assert (stored == last_day) is saved
