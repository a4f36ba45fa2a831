"""Staff accounts run from the app (issue #15 §2): the sub-district admin creates an
account with its first role and an invitation, deactivates and reactivates it, signs
it out everywhere; never themselves, never the last active admin; all audited."""

from typing import Any

import pytest
from django.core import mail
from django.http import Http404
from django.test import Client
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.accounts.staff import services
from jiedao.accounts.staff.services import phone_hash
from jiedao.accounts.tests.helpers import bearer, session_alive, session_of, token_alive
from jiedao.accounts.tests.staff_helpers import NEWCOMER, a_request, create_staff, links_in, sms_outbox
from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, World, make_user

NEW = "/accounts/staff/new/"
LIST = "/accounts/staff/"


def detail(user: User) -> str:
    return f"/accounts/staff/{user.pk}/"


def posted(values: dict[str, Any], role: str = Role.COUNSELLOR, **extra: Any) -> dict[str, Any]:
    return {**values, "role": role, **extra}


def test_the_admin_creates_an_account_that_is_invited_to_set_its_password(world: World, settings: Settings) -> None:
    outbox = sms_outbox(settings)
    admin = session_of(world.users["admin"])

    response = admin.post(NEW, posted(NEWCOMER, Role.AREA_UNION_CHAIR, residential_area_id=world.xiuyuan.pk))

    user = User.objects.get(username=NEWCOMER["username"])
    assert response.status_code == 302 and response["Location"] == detail(user)
    assert not user.has_usable_password() and user.is_active
    assert user.subdistrict == world.liangcheng and user.display_name == "钱新来"
    assert user.phone == NEWCOMER["phone"] and user.phone_hash == phone_hash(NEWCOMER["phone"])
    [role] = RoleAssignment.objects.filter(user=user)
    assert (role.role, role.residential_area, role.subdistrict) == (
        Role.AREA_UNION_CHAIR,
        world.xiuyuan,
        world.liangcheng,
    )
    # The invitation, by e-mail and by SMS, each with an absolute link.
    [letter] = mail.outbox
    assert letter.to == [NEWCOMER["email"]] and NEWCOMER["username"] in letter.body and "72" in letter.body
    assert len(links_in(letter.body)) == 1
    [text] = outbox
    assert text.template == "staff_invitation" and text.signature == "凉城新村街道"
    assert text.params["hours"] == "72" and links_in(text.params["link"])
    page = admin.get(detail(user)).content.decode()
    assert "已通过邮件、短信" in page and NEWCOMER["phone"] not in page and "139****5678" in page
    # Audited: the account (no full number), its role, the invitation.
    entries = AuditEntry.objects.filter(actor=world.users["admin"]).order_by("pk")
    created, role_given, invited = entries
    assert created.object_id == str(user.pk) and created.detail["values"]["phone"] == "139****5678"
    assert (
        role_given.object_type == "accounts.roleassignment"
        and role_given.detail["values"]["role"] == "area_union_chair"
    )
    assert invited.detail == {"invitation_sent": ["email", "sms"]}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"username": ""}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "slash/name"}, "username"),
        ({"username": "bell\x07"}, "username"),
        ({"username": "x" * 151}, "username"),
        ({"username": "ADMIN"}, "username"),  # taken, whatever the case
        ({"display_name": ""}, "display_name"),
        ({"display_name": "名" * 65}, "display_name"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "a@b@example.gov.cn"}, "email"),
        ({"phone": "021-65000000"}, "phone"),  # a landline gets no text
        ({"phone": "1391234"}, "phone"),
        ({"phone": "13900001111"}, "phone"),  # a resident's account signs in with it
        ({"email": "", "phone": ""}, "email"),  # the invitation needs one of them
    ],
)
def test_a_refused_account_is_not_created_and_the_field_says_why(
    world: World, values: dict[str, str], field: str
) -> None:
    world.users["jobseeker"].phone = "13900001111"
    world.users["jobseeker"].phone_hash = phone_hash("13900001111")
    world.users["jobseeker"].save()
    before = User.objects.count()

    response = session_of(world.users["admin"]).post(NEW, posted({**NEWCOMER, **values}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert User.objects.count() == before and not mail.outbox


def test_an_email_already_used_is_refused(world: World) -> None:
    create_staff(world)
    with pytest.raises(Exception, match="该邮箱已用于其他账号"):
        create_staff(world, username="another", phone="13912340000", email=NEWCOMER["email"].upper())


@pytest.mark.parametrize(
    ("role", "scope", "field"),
    [
        (Role.AREA_UNION_CHAIR, {}, "residential_area_id"),
        (Role.ENTERPRISE_UNION_CHAIR, {"residential_area_id": "xiuyuan"}, "unit_id"),
        (Role.TRAINING_PROVIDER, {}, "unit_id"),
        (Role.LABOUR_OFFICE, {"unit_id": "jiachun"}, "role"),
        (Role.AREA_UNION_CHAIR, {"residential_area_id": "quyang_area"}, "residential_area_id"),
        (Role.RESIDENT, {}, "role"),
        ("no_such_role", {}, "role"),
    ],
)
def test_a_role_takes_its_own_kind_of_scope_in_the_admins_sub_district(
    world: World, role: str, scope: dict[str, str], field: str
) -> None:
    ids = {key: getattr(world, name).pk for key, name in scope.items()}
    response = session_of(world.users["admin"]).post(NEW, posted(NEWCOMER, role, **ids))
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not User.objects.filter(username=NEWCOMER["username"]).exists()


@pytest.mark.parametrize("persona", ["union", "labour", "xiuyuan", "counsellor"])
def test_only_the_sub_district_admin_creates_accounts(world: World, persona: str) -> None:
    with pytest.raises(Forbidden):
        values: dict[str, Any] = {**NEWCOMER}
        services.staff_create(
            actor=actor_for(world.users[persona]), request=a_request(), role=Role.COUNSELLOR, **values
        )


def test_deactivation_ends_every_session_and_token_at_once_and_keeps_the_roles(world: World) -> None:
    member = world.users["counsellor"]
    browser = session_of(member)
    raw, _ = token_issue(user=member)
    assert session_alive(browser) and token_alive(raw)

    response = session_of(world.users["admin"]).post(f"{detail(member)}deactivate/")

    assert response.status_code == 302
    assert not session_alive(browser) and not token_alive(raw)
    member.refresh_from_db()
    assert not member.is_active and RoleAssignment.objects.filter(user=member).exists()
    entry = AuditEntry.objects.get(actor=world.users["admin"], object_id=str(member.pk))
    assert entry.detail == {"changes": {"is_active": [True, False]}}
    assert Client().post("/accounts/login/", {"username": "counsellor", "password": PASSWORD}).status_code != 302
    # Still listed, and found by the filter on deactivated accounts.
    listed = session_of(world.users["admin"]).get(LIST, {"state": "inactive"}).content.decode()
    assert "counsellor" in listed and "xiuyuan" not in listed


def test_reactivation_lets_the_account_sign_in_anew_but_revives_nothing(world: World) -> None:
    member = world.users["counsellor"]
    browser = session_of(member)
    raw, _ = token_issue(user=member)
    admin = session_of(world.users["admin"])
    admin.post(f"{detail(member)}deactivate/")

    assert admin.post(f"{detail(member)}reactivate/").status_code == 302

    member.refresh_from_db()
    assert member.is_active
    assert not session_alive(browser) and not token_alive(raw)
    assert Client().post("/accounts/login/", {"username": "counsellor", "password": PASSWORD}).status_code == 302


def test_deactivating_twice_or_reactivating_an_active_account_says_so(world: World) -> None:
    actor = actor_for(world.users["admin"])
    member = world.users["counsellor"]
    with pytest.raises(Conflict):
        services.staff_reactivate(actor=actor, user_id=member.pk)
    services.staff_deactivate(actor=actor, user_id=member.pk)
    with pytest.raises(Conflict):
        services.staff_deactivate(actor=actor, user_id=member.pk)


def test_the_admin_cannot_deactivate_themselves(world: World) -> None:
    admin = session_of(world.users["admin"])
    response = admin.post(f"{detail(world.users['admin'])}deactivate/", follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    world.users["admin"].refresh_from_db()
    assert world.users["admin"].is_active


def test_the_last_active_admin_is_never_deactivated(world: World) -> None:
    """Two admins deactivating each other at once: the second request, whose actor was
    read before the first was done, finds it would leave the sub-district without one."""
    second = make_user(world.liangcheng, "second_admin", (Role.SUBDISTRICT_ADMIN, None))
    first_actor, second_actor = actor_for(world.users["admin"]), actor_for(second)

    services.staff_deactivate(actor=first_actor, user_id=second.pk)
    with pytest.raises(Conflict, match="唯一在任的街道管理员"):
        services.staff_deactivate(actor=second_actor, user_id=world.users["admin"].pk)

    world.users["admin"].refresh_from_db()
    assert world.users["admin"].is_active


@pytest.mark.parametrize("service", [services.staff_deactivate, services.staff_reactivate, services.staff_sign_out])
@pytest.mark.parametrize("target", ["other_admin", "worker"])
def test_accounts_outside_the_admins_staff_do_not_exist_for_them(world: World, service: Any, target: str) -> None:
    """Another sub-district's account, and a resident's account, are a 404."""
    with pytest.raises(Http404):
        service(actor=actor_for(world.users["admin"]), user_id=world.users[target].pk)


def test_sign_out_everywhere_ends_sessions_and_tokens_and_is_audited(world: World) -> None:
    member = world.users["labour"]
    browser = session_of(member)
    raw, _ = token_issue(user=member)

    response = session_of(world.users["admin"]).post(f"{detail(member)}sign-out/", follow=True)

    assert "已结束该账号在所有设备上的登录和API令牌" in response.content.decode()
    assert not session_alive(browser) and not token_alive(raw)
    entry = AuditEntry.objects.get(actor=world.users["admin"], object_id=str(member.pk))
    assert entry.detail == {"signed_out_everywhere": True}
    member.refresh_from_db()
    assert member.is_active  # it signs in again with its password


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({}, {"admin", "union", "xiuyuan", "counsellor"}, {"worker", "jobseeker", "other_admin"}),
        ({"q": "xiu"}, {"xiuyuan"}, {"zhonghong", "admin"}),
        ({"role": Role.AREA_UNION_CHAIR}, {"xiuyuan", "zhonghong"}, {"jiachun", "admin"}),
        ({"state": "active"}, {"admin", "counsellor"}, {"worker"}),
        ({"state": "pending"}, {NEWCOMER["username"]}, {"admin", "counsellor"}),
    ],
)
def test_the_list_shows_staff_accounts_searchable_and_filtered(
    world: World, settings: Settings, query: dict[str, str], shown: set[str], hidden: set[str]
) -> None:
    sms_outbox(settings)
    create_staff(world)
    page = session_of(world.users["admin"]).get(LIST, query)
    assert page.status_code == 200
    usernames = {user.username for user in page.context["page"].object_list}
    assert shown <= usernames and not hidden & usernames


def test_an_account_whose_role_ended_by_date_stays_listed(world: World) -> None:
    RoleAssignment.objects.filter(user=world.users["counsellor"]).update(ends_on="2020-01-01")
    page = session_of(world.users["admin"]).get(LIST)
    assert "counsellor" in {user.username for user in page.context["page"].object_list}
    assert "已到期" in page.content.decode()


def test_the_admins_own_page_links_the_staff_accounts(world: World) -> None:
    assert LIST in session_of(world.users["admin"]).get("/accounts/me/").content.decode()
    assert LIST not in session_of(world.users["union"]).get("/accounts/me/").content.decode()


def test_a_failed_invitation_is_said_and_can_be_sent_again(world: World, settings: Settings) -> None:
    settings.EMAIL_BACKEND = "jiedao.accounts.tests.staff_helpers.FailingEmailBackend"
    admin = session_of(world.users["admin"])
    response = admin.post(NEW, posted({**NEWCOMER, "phone": ""}), follow=True)
    assert "邀请没有发出" in response.content.decode()

    user = User.objects.get(username=NEWCOMER["username"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = admin.post(f"{detail(user)}invite/", follow=True)
    assert "已通过邮件重新发出设置密码的邀请" in again.content.decode()
    assert len(mail.outbox) == 1


def test_api_tokens_of_a_deactivated_account_are_refused_at_once(world: World) -> None:
    raw, _ = token_issue(user=world.users["union"])
    services.staff_deactivate(actor=actor_for(world.users["admin"]), user_id=world.users["union"].pk)
    assert Client().get("/api/v1/auth/me", headers=bearer(raw)).status_code == 401
