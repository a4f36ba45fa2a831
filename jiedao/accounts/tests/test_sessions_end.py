"""A new password, a deactivation or a lost role ends every session and API token of
the user, whatever path made the change; reactivating brings none of them back; other
writes leave them alone (issue #14, item 8; docs/security.md)."""

from collections.abc import Callable

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.test import Client
from pytest_django import Settings

from jiedao.accounts.models import ApiToken, Role, RoleAssignment, User
from jiedao.accounts.services import sign_out_everywhere
from jiedao.accounts.tests.helpers import admin_change_data, bearer, session_alive, session_of, token_alive
from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, World, make_area, make_user

NEW_PASSWORD = "Xiuyuan-new-2026!"


def admin_site() -> Client:
    root = User.objects.filter(username="root").first() or User.objects.create_superuser("root", password="R00t-2026!")
    client = Client()
    client.force_login(root)
    return client


def via_admin_form(user: User, **changes: str | None) -> None:
    """Post the user's admin change form with ``changes`` (None: a box unticked)."""
    admin = admin_site()
    data, _rows = admin_change_data(admin, user)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    response = admin.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def own_password_page(world: World, user: User) -> None:
    client = session_of(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert session_alive(client)  # the page that changed it keeps its own session


def own_password_api(world: World, user: User) -> None:
    raw, _ = token_issue(user=user)
    response = Client().post(
        "/api/v1/auth/password",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 200, response.content
    assert not token_alive(raw)  # the calling token too: the answer is a fresh one
    assert token_alive(response.json()["token"])


def admin_password_form(world: World, user: User) -> None:
    response = admin_site().post(
        f"/admin/accounts/user/{user.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302


def admin_deactivates(world: World, user: User) -> None:
    via_admin_form(user, is_active=None)


def admin_removes_the_role(world: World, user: User) -> None:
    admin = admin_site()
    data, rows = admin_change_data(admin, user)
    data[f"{rows[0]}-DELETE"] = "on"
    assert admin.post(f"/admin/accounts/user/{user.pk}/change/", data).status_code == 302
    assert not RoleAssignment.objects.filter(user=user).exists()


def shell_set_password(world: World, user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.set_password(NEW_PASSWORD)
    fresh.save()


def shell_assigns_a_hash(world: World, user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.password = make_password(NEW_PASSWORD)
    fresh.save(update_fields=["password"])


def shell_deactivates(world: World, user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.is_active = False
    fresh.save()


def shell_deactivates_one_field(world: World, user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.is_active = False
    fresh.save(update_fields=["is_active"])


def queryset_deactivates(world: World, user: User) -> None:
    assert User.objects.filter(pk=user.pk).update(is_active=False) == 1


def queryset_sets_a_password(world: World, user: User) -> None:
    User.objects.filter(username=user.username).update(password=make_password(NEW_PASSWORD))


def bulk_update_deactivates(world: World, user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.is_active = False
    User.objects.bulk_update([fresh], ["is_active"])


def superuser_demoted(world: World, user: User) -> None:
    User.objects.filter(pk=user.pk).update(is_superuser=True)  # itself ends them: start again
    fresh = User.objects.get(pk=user.pk)
    fresh.is_superuser = False
    fresh.save()


def role_deleted(world: World, user: User) -> None:
    RoleAssignment.objects.get(user=user).delete()


def roles_deleted_by_queryset(world: World, user: User) -> None:
    RoleAssignment.objects.filter(user=user, role=Role.AREA_UNION_CHAIR).delete()


def role_scope_changed_by_queryset(world: World, user: User) -> None:
    assert RoleAssignment.objects.filter(user=user).update(residential_area=world.zhonghong) == 1


def role_scope_changed_by_bulk_update(world: World, user: User) -> None:
    assignment = RoleAssignment.objects.get(user=user)
    assignment.residential_area = world.zhonghong
    RoleAssignment.objects.bulk_update([assignment], ["residential_area"])


def role_scope_changed(world: World, user: User) -> None:
    assignment = RoleAssignment.objects.get(user=user)
    assignment.residential_area = world.zhonghong
    assignment.save()


def on_purpose(world: World, user: User) -> None:
    sign_out_everywhere(actor=None, user=User.objects.get(pk=user.pk))


def admin_action(world: World, user: User) -> None:
    """The admin site's action on the user list (a lost phone)."""
    response = admin_site().post(
        "/admin/accounts/user/", {"action": "sign_out_everywhere", "_selected_action": [str(user.pk)]}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_id=str(user.pk), detail={"signed_out_everywhere": True})
    assert entry.actor_name == "root"


PATHS: dict[str, Callable[[World, User], None]] = {
    f.__name__: f
    for f in (
        own_password_page,
        own_password_api,
        admin_password_form,
        admin_deactivates,
        admin_removes_the_role,
        shell_set_password,
        shell_assigns_a_hash,
        shell_deactivates,
        shell_deactivates_one_field,
        queryset_deactivates,
        queryset_sets_a_password,
        bulk_update_deactivates,
        superuser_demoted,
        role_deleted,
        roles_deleted_by_queryset,
        role_scope_changed,
        role_scope_changed_by_queryset,
        role_scope_changed_by_bulk_update,
        on_purpose,
        admin_action,
    )
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_path_ends_the_sessions_and_tokens(world: World, path: str) -> None:
    user = world.users["xiuyuan"]  # the 秀苑 chair: one role, scoped to an area
    browsers = [session_of(user), session_of(user)]
    raws = [token_issue(user=user)[0] for _ in range(2)]
    assert all(session_alive(b) for b in browsers) and all(token_alive(r) for r in raws)

    PATHS[path](world, user)

    assert not any(session_alive(b) for b in browsers)
    assert not any(token_alive(r) for r in raws)
    assert not ApiToken.objects.filter(prefix__in=[r[:8] for r in raws], revoked_at__isnull=True).exists()


DEACTIVATIONS = ["admin_deactivates", "shell_deactivates", "queryset_deactivates", "bulk_update_deactivates"]


def reactivate_by_save(user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.is_active = True
    fresh.save()


def reactivate_by_queryset(user: User) -> None:
    User.objects.filter(pk=user.pk).update(is_active=True)


def reactivate_in_admin(user: User) -> None:
    via_admin_form(user, is_active="on")


@pytest.mark.parametrize("deactivation", DEACTIVATIONS)
@pytest.mark.parametrize("reactivate", [reactivate_by_save, reactivate_by_queryset, reactivate_in_admin])
def test_reactivating_revives_nothing(world: World, deactivation: str, reactivate: Callable[[User], None]) -> None:
    user = world.users["xiuyuan"]
    browser, (raw, _) = session_of(user), token_issue(user=user)

    PATHS[deactivation](world, user)
    reactivate(user)

    assert User.objects.get(pk=user.pk).is_active
    assert not session_alive(browser)
    assert not token_alive(raw)
    assert session_alive(session_of(User.objects.get(pk=user.pk)))  # a new sign-in works


def edit_the_name(world: World, user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.display_name = "秀苑工会主席"
    fresh.save()


def save_unchanged_in_admin(world: World, user: User) -> None:
    via_admin_form(user)


def gain_a_role(world: World, user: User) -> None:
    RoleAssignment.objects.create(subdistrict=world.liangcheng, user=user, role=Role.COUNSELLOR)


def gain_admin_site_staff(world: World, user: User) -> None:
    fresh = User.objects.get(pk=user.pk)
    fresh.is_staff = True
    fresh.save()


def sign_in_again(world: World, user: User) -> None:
    assert Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


def queryset_edits_the_name(world: World, user: User) -> None:
    User.objects.filter(pk=user.pk).update(display_name="秀苑")


def someone_else_loses_a_role(world: World, user: User) -> None:
    RoleAssignment.objects.filter(user=world.users["zhonghong"]).delete()


HARMLESS = [
    edit_the_name,
    save_unchanged_in_admin,
    gain_a_role,
    gain_admin_site_staff,
    sign_in_again,
    queryset_edits_the_name,
    someone_else_loses_a_role,
]


@pytest.mark.parametrize("change", HARMLESS, ids=lambda f: f.__name__)
def test_other_writes_leave_sessions_and_tokens_alone(world: World, change: Callable[[World, User], None]) -> None:
    user = world.users["xiuyuan"]
    browser, (raw, _) = session_of(user), token_issue(user=user)

    change(world, user)

    assert session_alive(browser)
    assert token_alive(raw)


class OneRound(PBKDF2PasswordHasher):
    iterations = 1


class TwoRounds(PBKDF2PasswordHasher):
    """The same algorithm with more rounds: what a Django upgrade brings."""

    iterations = 2


def sign_in_by_page(user: User) -> None:
    assert Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


def sign_in_by_api(user: User) -> None:
    credentials = {"username": user.username, "password": PASSWORD}
    assert Client().post("/api/v1/auth/token", credentials, content_type="application/json").status_code == 200


@pytest.mark.parametrize("sign_in", [sign_in_by_page, sign_in_by_api])
def test_a_stronger_hash_of_the_same_password_at_sign_in_keeps_the_tokens(
    world: World, settings: Settings, sign_in: Callable[[User], None]
) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.TwoRounds"]
    user = world.users["xiuyuan"]
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher=OneRound()))
    raws = [token_issue(user=user)[0] for _ in range(2)]

    sign_in(user)

    assert User.objects.get(pk=user.pk).password.startswith("pbkdf2_sha256$2$")  # Django upgraded the hash
    assert all(token_alive(raw) for raw in raws)


def test_a_copy_loaded_before_a_role_went_does_not_bring_the_sessions_back(world: World) -> None:
    user = world.users["xiuyuan"]
    browser, stale = session_of(user), User.objects.get(pk=user.pk)
    RoleAssignment.objects.filter(user=user).delete()

    stale.display_name = "秀苑"
    stale.save()  # a full save of a copy with the old stamp

    assert not session_alive(browser)


def test_an_inactive_users_token_is_refused_even_if_not_revoked(world: World) -> None:
    """A second lock: ``token_user`` refuses the token of an inactive user anyway."""
    user = world.users["xiuyuan"]
    raw, token = token_issue(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)

    assert not token_alive(raw)


def test_a_role_lost_with_its_area_ends_them_too(world: World) -> None:
    """A cascade: the area goes, and the chair's assignment with it."""
    area = make_area(world.liangcheng, "新建居民区")
    user = make_user(world.liangcheng, "newchair", (Role.AREA_UNION_CHAIR, area))
    browser, (raw, _) = session_of(user), token_issue(user=user)

    area.delete()

    assert not session_alive(browser)
    assert not token_alive(raw)


def test_a_superuser_changing_their_own_password_in_the_admin_stays_signed_in(db: None) -> None:
    root = User.objects.create_superuser("root", password="R00t-2026!")
    here, elsewhere = session_of(root), session_of(root)

    response = here.post(
        f"/admin/accounts/user/{root.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302  # to the admin's login
