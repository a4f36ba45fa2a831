"""The claim pages: the resident's (``/me/claim/``) and the staff's (``/registry-claims/``),
with the pending count on the staff's start page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.residents.claims import claim_reject, file_claim
from jiedao.residents.models import RegistryClaim
from jiedao.testing import World, make_id_number, numbered

from .binding_helpers import CLAIM_URL, html, new_resident

pytestmark = pytest.mark.django_db
LIST = "/registry-claims/"


def filed(world: World, *, area: str = "xiuyuan", name: str = "周凉城", user: User | None = None) -> RegistryClaim:
    return file_claim(
        user=user or new_resident(world),
        name=name,
        id_number=make_id_number(),
        residential_area_id=getattr(world, area).pk,
        note="",
    )


def test_the_urls() -> None:
    assert reverse("residents:claim") == CLAIM_URL and reverse("residents:claims") == LIST


def test_a_resident_files_a_claim_and_then_sees_it_pending(client: Client, world: World) -> None:
    client.force_login(new_resident(world))
    form = html(client.get(CLAIM_URL))
    assert "秀苑" in form and "中虹" in form and "玉田" not in form  # the areas of the home sub-district only
    data = {"name": "周凉城", "id_number": make_id_number(), "residential_area_id": world.zhonghong.pk, "next": "/"}
    response = client.post(CLAIM_URL, data)
    assert response.status_code == 302 and response["Location"] == f"{CLAIM_URL}?next=%2F"
    page = html(client.get(response["Location"]))
    assert "正在等待工作人员核实" in page and 'name="id_number"' not in page
    again = client.post(CLAIM_URL, data | {"id_number": make_id_number()})
    assert again.status_code == 200 and RegistryClaim.objects.count() == 1


def test_a_turned_down_claim_shows_its_reason_above_a_new_form(client: Client, world: World) -> None:
    user = new_resident(world)
    claim = filed(world, user=user)
    claim_reject(actor=actor_for(world.users["xiuyuan"]), claim_id=claim.pk, reason="请带身份证到居委会当面登记。")
    client.force_login(user)
    page = html(client.get(CLAIM_URL))
    assert "请带身份证到居委会当面登记。" in page and 'name="id_number"' in page


def test_a_bad_claim_is_sent_back_with_the_reasons(client: Client, world: World) -> None:
    client.force_login(new_resident(world))
    response = client.post(CLAIM_URL, {"name": "周凉城", "id_number": "3101", "residential_area_id": ""})
    assert response.status_code == 400 and not RegistryClaim.objects.exists()


def test_staff_list_their_areas_claims_by_status(client: Client, world: World) -> None:
    filed(world, name="周秀苑")
    filed(world, area="zhonghong", name="周中虹")
    client.force_login(world.users["xiuyuan"])
    page = html(client.get(LIST))
    assert "周秀苑" in page and "周中虹" not in page
    client.force_login(world.users["admin"])
    page = html(client.get(LIST))
    assert "周秀苑" in page and "周中虹" in page and "********" in page
    assert "周秀苑" not in html(client.get(LIST, {"status": "confirmed"}))


def test_the_list_costs_the_same_queries_for_many_claims(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    filed(world)
    few = queries()
    for n in range(12):
        filed(world, name=numbered("周", n))
    assert queries() == few


def test_staff_confirm_and_reject_from_the_claims_page(client: Client, world: World) -> None:
    first, second = filed(world), filed(world, name="周凉华")
    client.force_login(world.users["xiuyuan"])
    detail = html(client.get(reverse("residents:claim_detail", args=[first.pk])))
    assert "核实无误，确认" in detail and first.id_number not in detail
    confirmed = client.post(reverse("residents:claim_confirm", args=[first.pk]))
    assert confirmed.status_code == 302 and confirmed["Location"] == LIST
    assert RegistryClaim.objects.get(pk=first.pk).status == RegistryClaim.Status.CONFIRMED
    blank = client.post(reverse("residents:claim_reject", args=[second.pk]), {"reason": ""})
    assert blank["Location"] == reverse("residents:claim_detail", args=[second.pk])
    rejected = client.post(reverse("residents:claim_reject", args=[second.pk]), {"reason": "查无此人"})
    assert rejected["Location"] == LIST
    assert RegistryClaim.objects.get(pk=second.pk).status == RegistryClaim.Status.REJECTED
    # Decided: no buttons any more, and posting again changes nothing.
    assert "核实无误，确认" not in html(client.get(reverse("residents:claim_detail", args=[second.pk])))
    client.post(reverse("residents:claim_confirm", args=[second.pk]))
    assert RegistryClaim.objects.get(pk=second.pk).status == RegistryClaim.Status.REJECTED


@pytest.mark.parametrize(("persona", "shown"), [("admin", True), ("xiuyuan", True), ("zhonghong", False)])
def test_the_start_page_shows_the_pending_count(client: Client, world: World, persona: str, shown: bool) -> None:
    filed(world)
    filed(world)
    client.force_login(world.users[persona])
    page = html(client.get(reverse("people:dashboard")))
    assert ("2 条待核实" in page) is shown and ("实名登记申请" in page)


def test_staff_who_decide_no_claims_see_no_notice(client: Client, world: World) -> None:
    filed(world)
    client.force_login(world.users["counsellor"])
    assert "实名登记申请" not in html(client.get(reverse("people:dashboard")))
