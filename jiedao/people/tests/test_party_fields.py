"""Party membership in the registry (the 党员 flag, the party category and branch) is
sensitive: the admin, the party office and the party-mass centre see it, and the
person themself; a union chair, the union and labour offices, counsellors… neither
see it on the pages, in the API and in exports, nor write it, and their saves keep it."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jiedao.accounts.tokens import token_issue
from jiedao.people.models import Person
from jiedao.people.tests.pages import LoginAs, form_data, html
from jiedao.testing import World

pytestmark = pytest.mark.django_db


def member(world: World) -> Person:
    person = world.people["party_member"]  # 乐跃明 of 秀苑, a 三新 party member
    person.party_branch = "秀苑居民区党总支"
    person.save()
    return person


def api(client: Client, world: World, who: str, method: str, path: str, **data: Any) -> Any:
    raw, _ = token_issue(user=world.users[who])
    call = getattr(client, method)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if method == "put":
        return call("/api/v1/people" + path, data, content_type="application/json", **kwargs)
    return call("/api/v1/people" + path, data, **kwargs)


@pytest.mark.parametrize("who", ["xiuyuan", "union", "labour"])
def test_the_pages_hide_membership_from_union_and_labour(login: LoginAs, world: World, who: str) -> None:
    person = member(world)
    client = login(who)
    listing = html(client.get(reverse("people:list"), {"q": "乐跃明"}))
    assert "乐跃明" in listing and "党员" not in listing and "is_party_member" not in listing
    detail = html(client.get(reverse("people:detail", args=[person.pk])))
    assert "党员" not in detail and "秀苑居民区党总支" not in detail and "新社会组织" not in detail
    form = html(client.get(reverse("people:edit", args=[person.pk])))
    assert "party_category" not in form and "is_party_member" not in form
    # Filtering by membership is not offered, and a crafted filter finds no one by it.
    filtered = html(client.get(reverse("people:list"), {"role": "is_party_member"}))
    assert "党员" not in filtered
    figures = html(client.get(reverse("people:dashboard")))
    assert "党员" not in figures


def test_a_chairs_save_keeps_the_membership_it_cannot_see(login: LoginAs, world: World) -> None:
    person = member(world)
    data = form_data(world, name="乐跃明", id_number="", phone="", roles=["is_worker"])
    del data["party_category"], data["party_branch"]
    assert login("xiuyuan").post(reverse("people:edit", args=[person.pk]), data).status_code == 302
    person.refresh_from_db()
    assert person.is_worker and person.is_party_member
    assert (person.party_category, person.party_branch) == ("new_social", "秀苑居民区党总支")


@pytest.mark.parametrize("who", ["admin", "party", "centre"])
def test_the_party_roles_see_membership(login: LoginAs, world: World, who: str) -> None:
    person = member(world)
    detail = html(login(who).get(reverse("people:detail", args=[person.pk])))
    assert "党员" in detail and "秀苑居民区党总支" in detail


def test_the_api_hides_membership_from_a_chair_and_keeps_it_on_update(client: Client, world: World) -> None:
    person = member(world)
    items = api(client, world, "xiuyuan", "get", "", q="乐跃明").json()["items"]
    assert items[0]["roles"] == [] and items[0]["party_category"] == ""
    refused = api(client, world, "xiuyuan", "get", "", role="is_party_member")
    assert refused.status_code == 400 and list(refused.json()["details"]) == ["role"]
    body = api(client, world, "xiuyuan", "get", f"/{person.pk}").json()
    assert (body["roles"], body["party_category"], body["party_branch"]) == ([], "", "")
    # The chair's client sends back what it was given: the membership stays.
    keys = ("name", "gender", "roles", "party_category", "party_branch")
    payload = {k: body[k] for k in keys} | {"residential_area": world.xiuyuan.pk, "roles": ["is_volunteer"]}
    assert api(client, world, "xiuyuan", "put", f"/{person.pk}", **payload).status_code == 200
    person.refresh_from_db()
    assert person.is_volunteer and person.is_party_member and person.party_category == "new_social"
    # Writing membership is refused to the chair.
    payload["roles"] = []
    payload["party_category"] = ""
    payload["party_branch"] = "别的支部"
    answer = api(client, world, "xiuyuan", "put", f"/{person.pk}", **payload)
    assert answer.status_code == 400 and list(answer.json()["details"]) == ["party_branch"]
    # The party office sees it all.
    seen = api(client, world, "party", "get", f"/{person.pk}").json()
    assert "is_party_member" in seen["roles"] and seen["party_branch"] == "秀苑居民区党总支"


def test_a_resident_sees_their_own_membership(client: Client, world: World) -> None:
    person = member(world)
    person.user = world.users["worker"]
    world.people["worker"].user = None
    world.people["worker"].save()
    person.save()
    body = api(client, world, "worker", "get", f"/{person.pk}").json()
    assert "is_party_member" in body["roles"] and body["party_category"] == "new_social"


def test_the_export_leaves_membership_out_for_a_chair(login: LoginAs, world: World) -> None:
    member(world)

    def rows(who: str) -> list[tuple[Any, ...]]:
        content = login(who).get(reverse("people:export"), {"q": "乐跃明"}).content
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        return list(sheet.iter_rows(values_only=True))

    chair = rows("xiuyuan")
    assert chair[1][0] == "乐跃明" and "党员" not in str(chair[1]) and "新社会组织" not in str(chair[1])
    office = rows("party")
    assert "党员" in str(office[1])


def test_an_import_by_the_labour_office_keeps_membership_and_refuses_to_write_it(world: World) -> None:
    from jiedao.accounts.actor import actor_for
    from jiedao.people.tests.roster_files import LI_ID, ZHANG_ID, li, problems, run, xlsx, zhang

    labour = actor_for(world.users["labour"])
    refused = run(world, xlsx(zhang(), li()), actor=labour)
    assert problems(refused) == [(2, "身份"), (2, "党员类别")] and not Person.objects.filter(name="李芳").exists()
    # The party office registers 张伟 as a party member; the labour office then updates him.
    assert run(world, xlsx(zhang()), actor=actor_for(world.users["party"])).ok
    plain = run(world, xlsx(zhang(**{"身份": "职工", "党员类别": "", "手机号": "13812340009"}), li()), actor=labour)
    assert plain.ok, plain.errors
    person = Person.objects.get(id_number_hash=Person.objects.get(name="张伟").id_number_hash)
    assert person.is_worker and not person.is_union_member and person.is_party_member
    assert person.party_category == "new_economic" and person.phone == "13812340009"
    assert Person.objects.filter(name="李芳").exists() and LI_ID and ZHANG_ID


def test_the_history_on_the_record_leaves_party_fields_out_for_the_union(login: LoginAs, world: World) -> None:
    person = member(world)
    data = form_data(world, name="乐跃明", id_number="", phone="", roles=["is_party_member"])
    data |= {"party_category": "new_social", "party_branch": "秀苑第二支部"}
    assert login("party").post(reverse("people:edit", args=[person.pk]), data).status_code == 302
    assert "所在党支部" in html(login("party").get(reverse("people:detail", args=[person.pk])))
    assert "所在党支部" not in html(login("union").get(reverse("people:detail", args=[person.pk])))


def test_a_party_change_is_in_the_audit_log_of_the_party_roles_only(login: LoginAs, world: World) -> None:
    from jiedao.accounts.actor import actor_for
    from jiedao.core.models import AuditEntry
    from jiedao.people.selectors import audit_history

    person = member(world)
    data = form_data(world, name="乐跃明", id_number="", phone="", roles=["is_party_member"])
    data |= {"party_category": "new_social", "party_branch": "秀苑第二支部"}
    assert login("party").post(reverse("people:edit", args=[person.pk]), data).status_code == 302
    entries = AuditEntry.objects.filter(object_id=str(person.pk), action="update")
    assert [(e.object_type, sorted(e.detail["changes"])) for e in entries] == [("people.party", ["party_branch"])]
    login("party").get(reverse("people:detail", args=[person.pk]))  # shows (and so clears) the saved message
    assert "乐跃明" in html(login("party").get(reverse("audit:list")))
    for who in ("union", "labour"):
        assert "乐跃明" not in html(login(who).get(reverse("audit:list"))), who
        assert audit_history(actor_for(world.users[who]), person) == []
    assert len(audit_history(actor_for(world.users["party"]), person) or []) == 1


def test_an_export_of_party_members_is_a_party_entry(login: LoginAs, world: World) -> None:
    from jiedao.core.models import AuditEntry

    member(world)
    login("party").get(reverse("people:export"), {"role": "is_party_member", "q": "乐跃明"})
    entry = AuditEntry.objects.get(action="export")
    assert entry.object_type == "people.party" and entry.detail["filters"]["role"] == "is_party_member"
    assert "乐跃明" not in html(login("union").get(reverse("audit:list")))


def test_a_non_party_import_never_writes_membership_changed_after_its_check(world: World) -> None:
    """The labour office's file is checked while 张伟 is a party member; the party
    office then records that he left; the import's write must not put him back."""
    from jiedao.accounts.actor import actor_for
    from jiedao.people.roster.checking import validate_rows
    from jiedao.people.roster.reading import read_rows
    from jiedao.people.roster.writing import write_checked
    from jiedao.people.tests.roster_files import run, xlsx, zhang

    assert run(world, xlsx(zhang()), actor=actor_for(world.users["party"])).ok
    file = xlsx(zhang(**{"身份": "职工", "党员类别": "", "手机号": "13812340009"}))
    checked = validate_rows(read_rows(file), world.liangcheng.pk, party=False)
    assert not checked.errors
    Person.objects.filter(name="张伟").update(is_party_member=False, party_category="")  # the party office, meanwhile
    write_checked(
        checked,
        subdistrict_id=world.liangcheng.pk,
        file_name="名单.xlsx",
        actor=actor_for(world.users["labour"]),
        request=None,
        party=False,
    )
    person = Person.objects.get(name="张伟")
    assert person.is_worker and person.phone == "13812340009"
    assert not person.is_party_member and person.party_category == ""


def test_the_party_programme_entries_are_read_by_the_party_roles_only(world: World) -> None:
    from jiedao.accounts.actor import actor_for
    from jiedao.core import audit

    for who in ("admin", "party", "centre"):
        assert "party.partymember" not in audit.hidden_types_for(actor_for(world.users[who])), who
    for who in ("union", "labour", "xiuyuan"):
        assert "party.partymember" in audit.hidden_types_for(actor_for(world.users[who])), who


def test_entries_written_before_the_split_show_no_party_field_to_the_union(login: LoginAs, world: World) -> None:
    from jiedao.core.models import AuditEntry

    person = member(world)
    AuditEntry.objects.create(
        subdistrict=world.liangcheng,
        action="update",
        object_type="people.person",
        object_id=str(person.pk),
        object_repr=person.name,
        detail={"changes": {"is_party_member": None, "phone": None}},
    )
    AuditEntry.objects.create(
        subdistrict=world.liangcheng,
        action="export",
        object_type="people.person",
        detail={"count": 1, "filters": {"role": "is_party_member", "q": "乐跃明"}},
    )
    union = html(login("union").get(reverse("audit:list")))
    assert "phone" in union and "is_party_member" not in union
    party = html(login("party").get(reverse("audit:list")))
    assert "is_party_member" in party
