"""Confidential object types (registered by an app) never show on the general audit
page, for any office role; set-up entries of the same app do."""

import pytest
from django.test import Client
from django.urls import reverse

from jiedao.accounts.models import User
from jiedao.core import audit
from jiedao.testing import World

URL = reverse("audit:list")


def test_counselling_registers_its_confidential_types() -> None:
    hidden = audit.confidential_types()
    for label in ("appointment", "consent", "waitlistentry", "sessionrecord", "referral"):
        assert f"counselling.{label}" in hidden
    assert "counselling.studio" not in hidden
    assert "people.person" not in hidden


@pytest.mark.parametrize("persona", ["admin", "union", "labour"])
def test_the_audit_page_leaves_out_confidential_entries(client: Client, world: World, persona: str) -> None:
    sub = world.liangcheng.pk
    actor = world.users["worker"]
    secret = audit.record(
        actor=actor,
        action="create",
        object_type="counselling.appointment",
        object_id="41",
        object_repr="周静 2026-12-01 18:00",
        subdistrict_id=sub,
    )
    read = audit.record(
        actor=world.users["supervisor"],
        action="reveal",
        object_type="counselling.sessionrecord",
        object_id="7",
        subdistrict_id=sub,
        detail={"as": "supervisor", "reason": "督导复核"},
    )
    setup = audit.record(
        actor=world.users["admin"],
        action="update",
        object_type="counselling.studio",
        object_id="1",
        object_repr="畅心屋",
        subdistrict_id=sub,
    )
    client.force_login(world.users[persona])
    response = client.get(URL)
    assert response.status_code == 200
    ids = [entry.pk for entry, _stamp, _label, _detail in response.context["rows"]]
    assert setup.pk in ids
    assert secret.pk not in ids and read.pk not in ids
    assert "counselling.appointment" not in dict(response.context["form"].fields["object_type"].choices)
    # Asking for the type or the id by filter finds nothing either.
    response = client.get(URL, {"object_type": "counselling.appointment"})
    assert [e.pk for e, _s, _l, _d in response.context["rows"]] == []
    response = client.get(URL, {"object_id": "41"})
    assert secret.pk not in [e.pk for e, _s, _l, _d in response.context["rows"]]


def test_register_confidential_adds_types(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "_confidential_types", set())
    audit.register_confidential(["Demo.Thing"])
    assert audit.confidential_types() == frozenset({"demo.thing"})


def test_the_admin_list_leaves_out_confidential_entries(client: Client, world: World) -> None:
    sub = world.liangcheng.pk
    secret = audit.record(
        actor=world.users["worker"],
        action="create",
        object_type="counselling.appointment",
        object_id="41",
        object_repr="周静 2026-12-01 18:00",
        subdistrict_id=sub,
    )
    setup = audit.record(
        actor=world.users["admin"],
        action="update",
        object_type="counselling.studio",
        object_id="1",
        object_repr="畅心屋",
        subdistrict_id=sub,
    )
    client.force_login(User.objects.create_superuser("root", password="x-long-password-1"))
    response = client.get(reverse("admin:core_auditentry_changelist"))
    ids = [entry.pk for entry in response.context["cl"].result_list]
    assert setup.pk in ids and secret.pk not in ids
    assert client.get(reverse("admin:core_auditentry_change", args=[secret.pk])).status_code == 302
