from django.test import RequestFactory
from pytest_django import Settings

from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.testing import World


def test_it_records_the_client_behind_a_proxy_when_one_is_configured(settings: Settings, world: World) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="58.247.0.1, 127.0.0.1")
    entry = audit.record(
        actor=world.users["admin"], action=AuditEntry.Action.REVEAL, obj=world.people["worker"], request=request
    )
    assert entry.client_address == "58.247.0.1"


def test_it_records_the_direct_client_without_a_proxy(world: World) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4")
    entry = audit.record(
        actor=world.users["admin"], action=AuditEntry.Action.REVEAL, obj=world.people["worker"], request=request
    )
    assert entry.client_address == "198.51.100.4"
    assert (entry.actor_name, entry.object_type, entry.subdistrict_id) == (
        "admin",
        "people.person",
        world.liangcheng.pk,
    )
