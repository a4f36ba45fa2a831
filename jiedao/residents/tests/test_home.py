"""The resident's home (``residents.home``, ``residents:home``, ``GET /me/home``):
the registry's grouping and order, the page and the API for a person with something in
every programme, what another resident never sees, and the number of queries."""

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.accounts.tokens import token_issue
from jiedao.activities.models import Registration
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.core.home import HomeAction, HomeCard, HomeEntry, HomeFigure
from jiedao.people.models import Person
from jiedao.residents.home import MAX_UPCOMING, gather, home_of
from jiedao.residents.tests.home_helpers import MEETING, everything_for_worker
from jiedao.testing import World

# A weekday morning in June: no year's end, no midnight near any session.
NOW = dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
HOME = "/me/"
API = "/api/v1/me/home"


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


def api_get(client: Client, user: User) -> Any:
    raw, _token = token_issue(user=user)
    return client.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")


class FakeConfig:
    def __init__(self, label: str, items: Sequence[object]) -> None:
        self.label = label
        self.items = items

    def home(self, actor: object, person: object) -> Sequence[object]:
        return self.items


def _at(hours: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def test_the_registry_merges_entries_by_time_and_keeps_cards_and_actions_in_app_order(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = FakeConfig(
        "first",
        [
            HomeEntry(title="晚", starts_at=_at(30), kind="会议"),
            HomeCard(title="甲卡", figures=(HomeFigure("学时", "12.5"),)),
            HomeAction(label="甲办", url="/a/"),
        ],
    )
    second = FakeConfig("second", [HomeEntry(title="早", starts_at=_at(2), kind="预约"), HomeCard(title="乙卡")])
    nothing = FakeConfig("nothing", [])
    monkeypatch.setattr(apps, "get_app_configs", lambda: [first, nothing, second])
    home = gather(actor_for(world.users["worker"]), world.people["worker"])
    assert [(e.title, e.programme) for e in home.upcoming] == [("早", "second"), ("晚", "first")]
    assert [(c.title, c.programme) for c in home.cards] == [("甲卡", "first"), ("乙卡", "second")]
    assert [(a.label, a.programme) for a in home.actions] == [("甲办", "first")]
    assert not home.is_empty and home.more_upcoming == 0


def test_the_registry_keeps_the_soonest_entries_and_counts_the_rest(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [
        HomeEntry(title=f"第{'一二三四五六七八九十'[i % 10]}项", starts_at=_at(100 - i), kind="会议") for i in range(15)
    ]
    monkeypatch.setattr(apps, "get_app_configs", lambda: [FakeConfig("many", many)])
    home = gather(actor_for(world.users["worker"]), world.people["worker"])
    assert len(home.upcoming) == MAX_UPCOMING and home.more_upcoming == 15 - MAX_UPCOMING
    assert [e.starts_at for e in home.upcoming] == sorted(e.starts_at for e in many)[:MAX_UPCOMING]


def test_the_registry_refuses_what_is_no_home_item(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apps, "get_app_configs", lambda: [FakeConfig("odd", ["文字"])])
    with pytest.raises(TypeError):
        gather(actor_for(world.users["worker"]), world.people["worker"])


def test_a_person_with_nothing_anywhere_gets_nothing_but_what_they_can_do(world: World) -> None:
    home = home_of(actor_for(world.users["worker"]))
    assert home.person == world.people["worker"]
    assert home.upcoming == [] and home.cards == []
    # Nothing open anywhere (no studio, shift, class or union): only legal aid, which
    # anyone may ask for.
    assert {a.programme for a in home.actions} == {"legalaid"}


def test_an_account_without_a_registry_record_gets_an_empty_home(world: World) -> None:
    Person.objects.filter(pk=world.people["worker"].pk).update(user=None)
    home = home_of(actor_for(world.users["worker"]))
    assert home.person is None and home.is_empty


def test_the_worker_sees_every_programme(world: World, frozen: None) -> None:
    everything_for_worker(world)
    home = home_of(actor_for(world.users["worker"]))
    kinds = [e.programme for e in home.upcoming]
    assert set(kinds) == {"activities", "counselling", "volunteering", "training"}
    assert [e.starts_at for e in home.upcoming] == sorted(e.starts_at for e in home.upcoming)
    assert MEETING in [e.title for e in home.upcoming]
    assert [c.programme for c in home.cards] == [
        "unions",
        "legalaid",
        "party",
        "volunteering",
        "training",
        "employment",
    ]
    labels = {a.label for a in home.actions}
    assert {"预约畅心屋", "申请法律援助", "登记自学学时"} <= labels
    assert "申请加入工会" not in labels  # a member already


def test_the_page_shows_the_groups_and_links_to_the_account_page(client: Client, world: World, frozen: None) -> None:
    everything_for_worker(world)
    client.force_login(world.users["worker"])
    response = client.get(HOME)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = response.content.decode()
    for text in (
        "王秀英",
        "即将参加",
        "我的记录",
        "我可以办",
        MEETING,
        "畅心屋心理咨询",
        "嘉春公司工会",
        "秀苑居民区党总支",
    ):
        assert text in page, text
    assert f'href="{reverse("accounts:me")}"' in page
    assert 'aria-current="page"' in page  # the navigation link 我的首页
    assert "法律援助机密经过" not in page  # no case's content, ever


def test_the_api_answers_the_same_groups(client: Client, world: World, frozen: None) -> None:
    everything_for_worker(world)
    response = api_get(client, world.users["worker"])
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    body: dict[str, Any] = response.json()
    assert body["person"]["name"] == "王秀英"
    starts = [dt.datetime.fromisoformat(e["starts_at"]) for e in body["upcoming"]]
    assert starts == sorted(starts) and len(starts) >= 4
    page = home_of(actor_for(world.users["worker"]))
    assert [c["title"] for c in body["cards"]] == [c.title for c in page.cards]
    assert [a["url"] for a in body["actions"]] == [a.url for a in page.actions]
    party = next(c for c in body["cards"] if c["programme"] == "party")
    assert all(isinstance(f["value"], str) for f in party["figures"])


def test_another_resident_sees_none_of_the_workers_things(client: Client, world: World, frozen: None) -> None:
    everything_for_worker(world)
    body = api_get(client, world.users["jobseeker"]).json()
    assert body["person"]["name"] == "李建国"
    text = str(body)
    for secret in ("王秀英", MEETING, "畅心屋心理咨询", "GH-WANG", "软装设计"):
        assert secret not in text, secret
    # The job seeker is a 三新 party member and has a case of none: the party card is hers.
    assert "legalaid" not in {c["programme"] for c in body["cards"]}


def test_a_resident_who_is_no_party_member_gets_no_party_card(client: Client, world: World, frozen: None) -> None:
    everything_for_worker(world)
    home = home_of(actor_for(world.users["worker"]))
    assert "party" in {c.programme for c in home.cards}
    from jiedao.party.models import PartyMember

    PartyMember.objects.filter(person=world.people["worker"]).update(transferred_out_on=timezone.localdate())
    home = home_of(actor_for(world.users["worker"]))
    assert "party" not in {c.programme for c in home.cards}
    assert "party" not in {a.programme for a in home.actions}


def test_the_binding_prompt_without_a_record_and_staff_pointed_to_their_account(client: Client, world: World) -> None:
    Person.objects.filter(pk=world.people["worker"].pk).update(user=None)
    client.force_login(world.users["worker"])
    page = client.get(HOME).content.decode()
    assert f'href="{reverse("residents:bind")}?next=%2Fme%2F"' in page
    client.force_login(world.users["admin"])
    page = client.get(HOME).content.decode()
    assert reverse("residents:bind") not in page and f'href="{reverse("accounts:me")}"' in page
    assert api_get(client, world.users["worker"]).json() == {
        "person": None,
        "upcoming": [],
        "more_upcoming": 0,
        "cards": [],
        "actions": [],
    }


def test_residents_land_on_their_home_and_staff_do_not(client: Client, world: World) -> None:
    client.force_login(world.users["worker"])
    assert client.get(reverse("home"))["Location"] == HOME
    client.force_login(world.users["admin"])
    assert client.get(reverse("home"))["Location"] != HOME


def test_the_page_and_the_api_take_a_fixed_number_of_queries(
    client: Client, world: World, frozen: None, django_assert_num_queries: Any
) -> None:
    everything_for_worker(world)
    client.force_login(world.users["worker"])
    client.get(HOME)  # warm: the session, the content types
    with django_assert_num_queries(QUERIES_PAGE):
        assert client.get(HOME).status_code == 200
    raw, _token = token_issue(user=world.users["worker"])
    with django_assert_num_queries(QUERIES_API):
        assert client.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    # More of everything, the same number: a second meeting with two sessions.
    second = meeting(world, title="第二次联席会议")
    session_of(world, second, hours_from_now=48)
    session_of(world, second, hours_from_now=72)
    Registration.objects.create(subdistrict=world.liangcheng, activity=second, person=world.people["worker"])
    with django_assert_num_queries(QUERIES_PAGE):
        assert "第二次联席会议" in client.get(HOME).content.decode()


# The session and the actor (2), the person (1), then each programme's reads: activities
# 1, counselling 3, unions 2, legal aid 1, party 12 (its ledger and 三个一), volunteering
# 4, training 8 (hours from attendance), employment 4. The API: the token instead of
# the session, the same count.
QUERIES_PAGE = 38
QUERIES_API = 38
