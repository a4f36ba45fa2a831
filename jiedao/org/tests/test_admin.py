"""The Django admin registrations (org, accounts, people, core) as a superuser sees them."""

from typing import Any, TypeAlias

import pytest
from django.test import Client
from django.urls import reverse

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.accounts.tokens import token_issue
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import Person
from jiedao.testing import World


@pytest.fixture
def root(client: Client, world: World) -> Client:
    user = User.objects.create_superuser("root", "root@example.org", "jiedao2020")
    client.force_login(user)
    return client


def test_every_registered_model_lists_and_opens(root: Client, world: World) -> None:
    token_issue(user=world.users["admin"])
    entry = audit.record(actor=world.users["admin"], action="update", obj=world.jiachun)
    person = world.people["worker"]
    for model, obj in [
        ("org/subdistrict", world.liangcheng),
        ("org/residentialarea", world.xiuyuan),
        ("org/grid", world.grid),
        ("org/unit", world.jiachun),
        ("accounts/user", world.users["xiuyuan"]),
        ("accounts/apitoken", world.users["admin"].api_tokens.get()),
        ("people/person", person),
        ("core/auditentry", entry),
    ]:
        app, name = model.split("/")
        assert root.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200, model
        assert root.get(reverse(f"admin:{app}_{name}_change", args=[obj.pk])).status_code == 200, model


def test_the_audit_log_cannot_be_added_to_changed_or_deleted_in_the_admin(root: Client, world: World) -> None:
    entry = audit.record(actor=world.users["admin"], action="update", obj=world.jiachun)
    assert root.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert root.get(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 403
    response = root.post(reverse("admin:core_auditentry_change", args=[entry.pk]), {"actor_name": "someone"})
    assert response.status_code == 403
    changelist = root.get(reverse("admin:core_auditentry_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    entry.refresh_from_db()
    assert entry.actor_name == "admin"


def test_api_tokens_are_read_only_and_never_show_the_digest(root: Client, world: World) -> None:
    _, token = token_issue(user=world.users["admin"])
    html = root.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert token.prefix in html
    assert token.digest not in html
    assert root.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    assert root.get(reverse("admin:accounts_apitoken_delete", args=[token.pk])).status_code == 403


def test_a_person_shows_masked_values_and_no_hashes(root: Client, world: World) -> None:
    person = world.people["worker"]
    html = root.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    assert person.id_number_masked in html
    assert person.id_number not in html
    assert "138****5678" in html and "13812345678" not in html
    assert person.id_number_hash not in html
    assert root.get(reverse("admin:people_person_add")).status_code == 403


def person_post(world: World, person: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "name": person.name,
        "residential_area": person.residential_area_id or "",
        "employer": person.employer_id or "",
        "party_category": person.party_category,
        "party_branch": person.party_branch,
        **{field: "on" for field in ("is_worker", "is_union_member") if getattr(person, field)},
    }
    data.update(changes)
    return data


def test_a_person_change_goes_through_person_values_and_the_audit_log(root: Client, world: World) -> None:
    person = world.people["worker"]
    url = reverse("admin:people_person_change", args=[person.pk])
    response = root.post(url, person_post(world, person, employer=world.gongzhi.pk, name="  王 秀英 "))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.employer) == ("王秀英", world.gongzhi)
    entry = AuditEntry.objects.get(object_type="people.person")
    assert entry.detail == {"via": "admin", "fields": ["employer", "name"]}
    assert entry.actor_name == "root"


def test_a_person_cannot_be_given_a_party_category_without_membership(root: Client, world: World) -> None:
    person = world.people["worker"]
    url = reverse("admin:people_person_change", args=[person.pk])
    response = root.post(url, person_post(world, person, party_category="new_social"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["party_category"] == ["只有党员才能填写党员类别。"]


def test_the_unit_admin_validates_like_the_pages(root: Client, world: World) -> None:
    url = reverse("admin:org_unit_change", args=[world.jiachun.pk])
    data = {
        "subdistrict": world.liangcheng.pk,
        "name": world.jiachun.name,
        "kind": "enterprise",
        "credit_code": "",
        "address": "",
        "grid": world.grid.pk,
        "headcount": 36,
    }
    response = root.post(url, data)
    assert response.context["adminform"].form.errors == {"credit_code": ["企业必须填写统一社会信用代码。"]}
    response = root.post(
        url, {**data, "credit_code": world.jiachun.credit_code.lower(), "subdistrict": world.quyang.pk}
    )
    assert response.context["adminform"].form.errors == {"grid": ["该网格不属于本街道。"]}
    response = root.post(url, {**data, "credit_code": world.jiachun.credit_code.lower(), "headcount": 40})
    assert response.status_code == 302
    unit = Unit.objects.get(pk=world.jiachun.pk)
    assert (unit.headcount, unit.credit_code) == (40, world.jiachun.credit_code)
    entry = AuditEntry.objects.get(object_type="org.unit")
    assert (entry.detail["via"], entry.actor_name) == ("admin", "root")
    assert "headcount" in entry.detail["fields"]


# A role given in the inline: (role, residential area or None, unit or None).
Assignment: TypeAlias = tuple[str, ResidentialArea | None, Unit | None]


def user_post(user: User, *assignments: Assignment) -> dict[str, Any]:
    data = {
        "username": user.username,
        "subdistrict": user.subdistrict_id or "",
        "display_name": user.display_name,
        "is_active": "on",
        "date_joined_0": "2020-01-01",
        "date_joined_1": "00:00:00",
        "role_assignments-TOTAL_FORMS": str(len(assignments)),
        "role_assignments-INITIAL_FORMS": "0",
    }
    for i, (role, area, unit) in enumerate(assignments):
        data[f"role_assignments-{i}-role"] = role
        data[f"role_assignments-{i}-residential_area"] = area.pk if area else ""
        data[f"role_assignments-{i}-unit"] = unit.pk if unit else ""
    return data


def test_the_user_admin_checks_the_scope_of_each_role(root: Client, world: World) -> None:
    user = User.objects.create_user("newchair", subdistrict=world.liangcheng)
    url = reverse("admin:accounts_user_change", args=[user.pk])

    def errors(*assignments: Assignment) -> list[dict[str, list[str]]]:
        response = root.post(url, user_post(user, *assignments))
        assert response.status_code == 200
        return [f.errors for f in response.context["inline_admin_formsets"][0].formset.forms]

    assert errors((Role.AREA_UNION_CHAIR, None, None)) == [
        {"residential_area": ["该角色须指定一个居民区（不指定单位）。"]}
    ]
    assert errors((Role.AREA_UNION_CHAIR, world.quyang_area, None)) == [
        {"residential_area": ["不属于该用户所在的街道。"]}
    ]
    assert errors((Role.LABOUR_OFFICE, world.xiuyuan, None)) == [
        {"role": ["该角色作用于整个街道，不能指定居民区或单位。"]}
    ]
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_the_user_admin_gives_a_role_in_the_users_sub_district_and_audits_it(root: Client, world: World) -> None:
    user = User.objects.create_user("newchair", subdistrict=world.liangcheng)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = root.post(url, user_post(user, (Role.AREA_UNION_CHAIR, world.zhonghong, None)))
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.subdistrict, assignment.residential_area) == (world.liangcheng, world.zhonghong)
    roles = AuditEntry.objects.get(object_type="accounts.user", detail__has_key="roles").detail["roles"]
    assert roles == [str(assignment)]
