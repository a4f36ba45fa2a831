from django.test import Client
from pytest_django import DjangoAssertNumQueries

from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, World


def test_a_page_login_is_written_to_the_audit_log(client: Client, world: World) -> None:
    response = client.post("/accounts/login/", {"username": "xiuyuan", "password": PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert (entry.actor_name, entry.detail, entry.subdistrict_id) == ("xiuyuan", {"via": "page"}, world.liangcheng.pk)


def test_an_api_token_login_is_written_to_the_audit_log_and_a_failed_one_is_not(client: Client, world: World) -> None:
    client.post("/api/v1/auth/token", {"username": "admin", "password": "wrong"}, content_type="application/json")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()
    client.post("/api/v1/auth/token", {"username": "admin", "password": PASSWORD}, content_type="application/json")
    assert AuditEntry.objects.get(action=AuditEntry.Action.LOGIN).detail == {"via": "api"}


def test_my_page_costs_the_same_queries_with_more_roles(
    client: Client, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(world.users["worker"])
    with django_assert_max_num_queries(8):
        response = client.get("/accounts/me/")
    assert response.status_code == 200
