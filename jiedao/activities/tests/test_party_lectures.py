"""A party lecture's attendance tells who is a party member: only the party roles
(sub-district admin, 党建办, 党群服务中心) see such an activity in this core; the
union and labour offices and the union chairs find nothing, on every page, export,
sign-in screen and API answer, and cannot create one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.accounts.tokens import token_issue
from jiedao.activities import selectors, services
from jiedao.activities.models import Activity
from jiedao.activities.tests.helpers import actor
from jiedao.testing import World

PARTY = ("admin", "party", "centre")
NOT_PARTY = ("union", "labour", "jiachun", "xiuyuan")


@pytest.fixture
def lecture(world: World) -> Activity:
    party = actor(world, "party")
    activity = services.activity_create(
        actor=party,
        kind=Activity.Kind.LECTURE,
        title="四史党课",
        organiser=world.jiachun,
        residential_area=world.xiuyuan,
    )
    start = timezone.now() - dt.timedelta(minutes=10)
    session = services.session_create(
        actor=party, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="党群服务中心"
    )
    services.sign_in(session=session, person=world.people["worker"], method="manual")
    return activity


@pytest.mark.django_db
def test_only_the_party_roles_see_a_lecture(client: Client, world: World, lecture: Activity) -> None:
    session = lecture.sessions.get()
    pages = [
        reverse("activities:detail", args=[lecture.pk]),
        reverse("activities:attendance", args=[session.pk]),
        reverse("activities:export", args=[session.pk]),
        reverse("activities:screen", args=[session.pk]),
    ]
    for who in PARTY + NOT_PARTY:
        client.force_login(world.users[who])
        listed = client.get(reverse("activities:list")).content.decode()
        assert ("四史党课" in listed) == (who in PARTY), who
        for url in pages:
            assert client.get(url).status_code == (200 if who in PARTY else 404), (who, url)
        raw, _ = token_issue(user=world.users[who])
        api = client.get(
            f"/api/v1/activities/sessions/{session.pk}/attendance", headers={"Authorization": f"Bearer {raw}"}
        )
        assert api.status_code == (200 if who in PARTY else 404), (who, api.content)
        assert selectors.can_organise(actor(world, who), lecture) == (who in PARTY)


@pytest.mark.django_db
def test_other_offices_cannot_create_a_lecture(client: Client, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            actor=actor(world, "union"), kind=Activity.Kind.LECTURE, title="党课", organiser=world.office
        )
    assert "kind" in refused.value.message_dict
    client.force_login(world.users["union"])
    form = client.get(reverse("activities:create")).content.decode()
    assert 'value="lecture"' not in form and 'value="meeting"' in form
    client.force_login(world.users["party"])
    assert 'value="lecture"' in client.get(reverse("activities:create")).content.decode()
    assert not Activity.objects.filter(kind=Activity.Kind.LECTURE).exists()


@pytest.mark.django_db
def test_a_party_only_visit_is_the_party_roles_alone(client: Client, world: World) -> None:
    """A 主题党日's visit is a visit like any other, but who went is a party fact."""
    centre = actor(world, "centre")
    visit = services.activity_create(
        actor=centre, kind=Activity.Kind.VISIT, title="参观（主题党日）", organiser=world.office, party_only=True
    )
    for who in PARTY + NOT_PARTY:
        assert selectors.can_organise(actor(world, who), visit) == (who in PARTY), who
        client.force_login(world.users[who])
        assert client.get(reverse("activities:detail", args=[visit.pk])).status_code == (200 if who in PARTY else 404)
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            actor=actor(world, "union"), kind=Activity.Kind.VISIT, title="参观", organiser=world.office, party_only=True
        )
    assert "party_only" in refused.value.message_dict
    # An edit that does not name the flag keeps it.
    services.activity_update(
        actor=centre, activity=visit, kind=visit.kind, title="参观（主题党日）", organiser=world.office
    )
    visit.refresh_from_db()
    assert visit.party_only
    client.force_login(world.users["union"])
    assert "party_only" not in client.get(reverse("activities:create")).content.decode()
    client.force_login(world.users["centre"])
    assert 'name="party_only"' in client.get(reverse("activities:create")).content.decode()
