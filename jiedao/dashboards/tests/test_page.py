"""The dashboard page: the figures of the programmes the office runs, each chart with
its table, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiedao.testing import World
from jiedao.unions.tests.conftest import unions_of

pytestmark = pytest.mark.django_db


def page(client: Client, world: World, persona: str) -> str:
    client.force_login(world.users[persona])
    response = client.get(reverse("dashboards:index"))
    assert response.status_code == 200
    return response.content.decode()


def headings(html: str) -> list[str]:
    return re.findall(r'<h2 class="h4[^"]*" id="[^"]+">([^<]+)</h2>', html)


def test_each_office_sees_the_programmes_it_runs_as_charts_with_tables(client: Client, world: World) -> None:
    unions_of(world)
    admin = page(client, world, "admin")
    assert headings(admin) == [
        "联席会议", "畅心屋", "工会组织", "工会经费", "职工法律援助", "党建", "公益服务", "职业技能培训", "就业服务"
    ]  # fmt: skip
    # Every chart: a canvas hidden from screen readers and a table with a caption.
    assert admin.count('aria-hidden="true"></div>') == admin.count("<caption>") > 0
    assert '<th scope="row">秀苑</th>' in admin and '<th scope="col">居民区</th>' in admin
    for tag in re.findall(r"<script\b[^>]*>", admin):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in admin and "js/dashboard.js" in admin
    assert headings(page(client, world, "party")) == ["联席会议", "畅心屋", "职工法律援助", "党建"]
    assert headings(page(client, world, "labour")) == [
        "联席会议", "畅心屋", "职工法律援助", "职业技能培训", "就业服务"
    ]  # fmt: skip
    assert headings(page(client, world, "union")) == ["联席会议", "畅心屋", "工会组织", "工会经费", "职工法律援助"]
    assert headings(page(client, world, "centre")) == ["联席会议", "畅心屋", "职工法律援助", "党建", "公益服务"]
    # Another sub-district's admin sees its own figures, none of ours.
    other = page(client, world, "other_admin")
    assert "秀苑" not in other and "中虹" not in other


def test_the_link_is_for_the_offices(client: Client, world: World) -> None:
    link = f'href="{reverse("dashboards:index")}"'
    assert link in page(client, world, "labour")
    client.force_login(world.users["xiuyuan"])
    assert link not in client.get(reverse("people:dashboard")).content.decode()
    assert client.get(reverse("dashboards:index")).status_code == 403


def test_the_page_runs_a_fixed_number_of_queries(client: Client, world: World) -> None:
    from jiedao.party.models import PartyMember
    from jiedao.party.tests.conftest import party_of
    from jiedao.testing import make_person, make_unit, numbered

    unions_of(world)
    setup = party_of(world)
    client.force_login(world.users["admin"])
    url = reverse("dashboards:index")
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for n in range(5):
        unit = make_unit(world.liangcheng, f"上海{numbered('新公司', n)}有限公司", grid=world.grid, headcount=30)
        person = make_person(
            world.liangcheng, numbered("职工", n), employer=unit, roles={"is_worker", "is_union_member"}
        )
        PartyMember.objects.create(subdistrict=world.liangcheng, person=person, branch=setup.enterprise)
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(first) == len(second) == QUERIES


# The session, the user with their role assignments; then each programme's own, none growing
# with the records: meetings 2 (3 once a meeting has been held), 畅心屋 1 (2 with
# sessions), unions 3, dues 3, legal aid 2, party (the year, the members, the study-hour
# ledger, the 三个一 counts), volunteering 2, training 2, employment 6.
QUERIES = 35
