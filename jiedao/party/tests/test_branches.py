"""Editing a party organisation and its committee, and inviting more branches to a
lecture after it was created."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Attendance, Registration
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.party import selectors, services
from jiedao.party.models import Branch, CommitteeMember, PartyMember
from jiedao.party.tests.conftest import PartySetup
from jiedao.testing import PASSWORD, World, make_person

pytestmark = pytest.mark.django_db


def actor(world: World, key: str) -> Actor:
    return actor_for(world.users[key])


def values(branch: Branch, **changes: Any) -> dict[str, Any]:
    current = {
        "name": branch.name,
        "kind": branch.kind,
        "sector": branch.sector,
        "parent": branch.parent,
        "residential_area": branch.residential_area,
        "unit": branch.unit,
        "secretary": branch.secretary,
    }
    return current | changes


def test_the_party_office_edits_a_branch_and_the_change_is_audited(world: World, party: PartySetup) -> None:
    office = actor(world, "party")
    services.branch_update(
        actor=office,
        branch=party.xiuyuan,
        **values(party.xiuyuan, name="秀苑居民区党委", secretary=party.member.person),
    )
    party.xiuyuan.refresh_from_db()
    assert (party.xiuyuan.name, party.xiuyuan.secretary) == ("秀苑居民区党委", party.member.person)
    entry = AuditEntry.objects.filter(object_type="party.branch", action=AuditEntry.Action.UPDATE).get()
    assert set(entry.detail["changes"]) == {"name", "secretary"}
    # Nothing changed: nothing written.
    services.branch_update(actor=office, branch=party.xiuyuan, **values(party.xiuyuan))
    assert AuditEntry.objects.filter(object_type="party.branch").count() == 1


def test_a_branch_cannot_sit_under_itself_or_its_own_subtree(world: World, party: PartySetup) -> None:
    office = actor(world, "party")
    top = party.xiuyuan.parent
    assert top is not None
    with pytest.raises(ValidationError) as caught:
        services.branch_update(actor=office, branch=top, **values(top, parent=party.xiuyuan))
    assert list(caught.value.message_dict) == ["parent"]
    with pytest.raises(ValidationError) as caught:
        services.branch_update(actor=office, branch=party.xiuyuan, **values(party.xiuyuan, name=party.enterprise.name))
    assert list(caught.value.message_dict) == ["name"]


def test_the_centre_reads_branches_but_does_not_edit_them(world: World, party: PartySetup) -> None:
    with pytest.raises(Forbidden):
        services.branch_update(actor=actor(world, "centre"), branch=party.xiuyuan, **values(party.xiuyuan))


def test_the_committee_is_kept_from_the_branch_members(world: World, party: PartySetup) -> None:
    office = actor(world, "party")
    row = services.committee_add(actor=office, branch=party.xiuyuan, member=party.member, post="deputy", duty="组织")
    assert selectors.committee_rows(party.xiuyuan) == [row]
    with pytest.raises(Conflict):
        services.committee_add(actor=office, branch=party.xiuyuan, member=party.member, post="member")
    with pytest.raises(ValidationError) as caught:  # not a member of this branch; the secretary herself
        services.committee_add(actor=office, branch=party.xiuyuan, member=party.newcomer, post="member")
    assert list(caught.value.message_dict) == ["member"]
    with pytest.raises(ValidationError):
        services.committee_add(actor=office, branch=party.xiuyuan, member=party.secretary, post="member")
    # A committee member's target is the leaders' one.
    year = timezone.localdate().year
    assert selectors.ledger([party.member], year=year, subdistrict_id=world.liangcheng.pk)[0].target == 56
    services.committee_remove(actor=office, row=row)
    assert not CommitteeMember.objects.exists()
    actions = AuditEntry.objects.filter(object_type="party.committeemember").values_list("action", flat=True)
    assert sorted(actions) == sorted([AuditEntry.Action.CREATE, AuditEntry.Action.DELETE])


def test_the_branch_pages_edit_and_keep_the_committee(client: Client, world: World, party: PartySetup) -> None:
    assert client.login(username="party", password=PASSWORD)
    page = client.get(reverse("party:branch", args=[party.xiuyuan.pk]))
    assert page.status_code == 200 and "暂无委员" in page.content.decode()
    url = reverse("party:committee_add", args=[party.xiuyuan.pk])
    client.post(url, {"member": party.member.pk, "post": "member", "duty": "宣传委员"})
    assert CommitteeMember.objects.get().duty == "宣传委员"
    answer = client.post(url, {"member": party.newcomer.pk, "post": "member"}, follow=True)
    assert "委员" in answer.content.decode() and CommitteeMember.objects.count() == 1  # not of this branch
    edit = reverse("party:branch_edit", args=[party.xiuyuan.pk])
    form = client.get(edit)
    assert form.status_code == 200
    post = {"name": "秀苑居民区党总支", "kind": "general", "sector": "residential", "parent": party.xiuyuan.pk}
    refused = client.post(edit, post)  # its own parent: not offered, refused
    assert refused.status_code == 400
    post["parent"] = ""
    post["secretary"] = party.member.person.pk
    assert client.post(edit, post).status_code == 302
    party.xiuyuan.refresh_from_db()
    assert party.xiuyuan.parent is None and party.xiuyuan.secretary == party.member.person


def test_a_branch_invited_after_creation_sees_the_lecture_and_earns_hours(
    client: Client, world: World, party: PartySetup
) -> None:
    assert client.login(username="centre", password=PASSWORD)
    url = reverse("party:lecture", args=[party.lecture.pk])
    assert "尚未邀请党组织" in client.get(url).content.decode()
    extra = make_person(world.liangcheng, "孙浩然", roles={"is_party_member"})
    gone = make_person(world.liangcheng, "钱立新", roles={"is_party_member"})
    PartyMember.objects.create(subdistrict=world.liangcheng, person=extra, branch=party.enterprise)
    PartyMember.objects.create(
        subdistrict=world.liangcheng,
        person=gone,
        branch=party.enterprise,
        transferred_in_on=dt.date(2019, 1, 1),
        transferred_out_on=dt.date(2019, 6, 1),
        transferred_out_to="外区",
    )
    answer = client.post(reverse("party:lecture_invite", args=[party.lecture.pk]), {"branches": [party.enterprise.pk]})
    assert answer.status_code == 302
    invited = set(Registration.objects.filter(activity=party.lecture.activity).values_list("person_id", flat=True))
    assert invited == {party.newcomer.person_id, extra.pk}  # current members only
    rows = selectors.invited_branches(party.lecture)
    assert [(r.branch, r.invited, r.members, r.complete) for r in rows] == [(party.enterprise, 2, 2, True)]
    # Inviting again changes nothing.
    services.lecture_invite_branches(actor=actor(world, "centre"), lecture=party.lecture, branches=[party.enterprise])
    assert Registration.objects.filter(activity=party.lecture.activity).count() == 2
    # Nothing chosen: said on the page.
    refused = client.post(reverse("party:lecture_invite", args=[party.lecture.pk]), {}, follow=True)
    assert "请选择" in refused.content.decode() or "必填" in refused.content.decode()
    # The invited member attends: the lecture counts (half day: 4).
    Attendance.objects.create(
        subdistrict=world.liangcheng,
        session=party.session,
        person=extra,
        method="manual",
        signed_in_at=party.session.starts_at,
    )
    member = PartyMember.objects.get(person=extra)
    year = timezone.localtime(party.session.starts_at).year
    assert selectors.ledger([member], year=year, subdistrict_id=world.liangcheng.pk)[0].hours == 4
    # The member sees the invitation among their activities.
    extra.user = world.users["jobseeker"]
    party.newcomer.person.user = None
    party.newcomer.person.save()
    extra.save()
    client.logout()
    assert client.login(username="jobseeker", password=PASSWORD)
    assert party.lecture.activity.title in client.get(reverse("activities:mine")).content.decode()


def test_the_lecture_page_costs_the_same_queries_whatever_the_branches(
    client: Client, world: World, party: PartySetup, django_assert_max_num_queries: Any
) -> None:
    assert client.login(username="centre", password=PASSWORD)
    url = reverse("party:lecture", args=[party.lecture.pk])
    services.lecture_invite_branches(
        actor=actor(world, "centre"), lecture=party.lecture, branches=[party.enterprise, party.xiuyuan]
    )
    client.get(url)
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    for i in range(5):
        extra = Branch.objects.create(
            subdistrict=world.liangcheng, name=f"第{'一二三四五'[i]}支部", sector="enterprise"
        )
        person = make_person(world.liangcheng, f"党员{'甲乙丙丁戊'[i]}", roles={"is_party_member"})
        PartyMember.objects.create(subdistrict=world.liangcheng, person=person, branch=extra)
        services.lecture_invite_branches(actor=actor(world, "centre"), lecture=party.lecture, branches=[extra])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)
