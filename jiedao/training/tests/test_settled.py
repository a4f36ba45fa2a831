"""Third pass (review): what a subsidy claim rests on stays settled. A claim keeps its
trainee's outcome (no hour correction, no second 结业评定 while a claim stands), a
revoked certificate no longer keeps a trainee completed, a back-dated subsidy rule
cannot reach a class that has claims, a rejected claim can be filed again, amounts
round half up; an unused rule version can be deleted; staff accept an offer for the
trainee; a training school's user lands on its classes."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.activities.models import Session
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, World, build_world
from jiedao.training import services
from jiedao.training.models import Enrolment, SubsidyClaim, SubsidyRule
from jiedao.training.services import completion
from jiedao.training.tests.helpers import TrainingSetup, actor, build_training, make_job_seeker, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def setup(world: World) -> TrainingSetup:
    return build_training(world)


def _first_session(setup: TrainingSetup) -> Session:
    found = Session.objects.filter(activity_id=setup.past.activity_id).order_by("starts_at").first()
    assert found is not None
    return found


def test_a_claim_keeps_the_outcome_it_rests_on(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    claim = services.claim_create(actor=labour, external_certificate=setup.external)
    with pytest.raises(Conflict, match="补贴申请") as refused:
        services.correct_hours(
            actor=labour, enrolment=setup.enrolment, session=_first_session(setup), hours=Decimal(0), reason="核查"
        )
    assert refused.value.code == "claim_stands"
    with pytest.raises(Conflict, match="补贴申请") as refused:
        services.close_class(actor=labour, training_class=setup.past)
    assert refused.value.code == "claim_stands"
    # Once the claim is rejected, the records may be put right again.
    services.claim_decide(actor=labour, claim=claim, decision="reject", reason="证书查询不到")
    services.correct_hours(
        actor=labour, enrolment=setup.enrolment, session=_first_session(setup), hours=Decimal(0), reason="核查"
    )
    assert services.close_class(actor=labour, training_class=setup.past) == {"completed": 1, "not_completed": 0}


def test_a_revoked_certificate_no_longer_keeps_its_trainee_completed(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    services.correct_hours(
        actor=labour, enrolment=setup.enrolment, session=_first_session(setup), hours=Decimal(0), reason="代签"
    )
    # A valid certificate stands: its trainee stays completed.
    assert services.close_class(actor=labour, training_class=setup.past) == {"completed": 1, "not_completed": 0}
    services.revoke_certificate(actor=labour, certificate=setup.certificate, reason="代签到")
    assert services.close_class(actor=labour, training_class=setup.past) == {"completed": 0, "not_completed": 1}
    setup.enrolment.refresh_from_db()
    assert setup.enrolment.status == Enrolment.Status.NOT_COMPLETED and setup.enrolment.completed_on is None


def test_closing_leaves_an_enrolment_that_changed_meanwhile(
    world: World, setup: TrainingSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outcomes are written only to trainees still on the class: one withdrawn
    between the reading and the writing stays withdrawn."""
    labour = actor(world, "labour")
    other = seat(setup.past, make_job_seeker(world))
    read = completion.class_outcomes

    def withdrawn_meanwhile(training_class: Any) -> Any:
        outcomes = read(training_class)
        Enrolment.objects.filter(pk=other.pk).update(status=Enrolment.Status.WITHDRAWN)
        return outcomes

    monkeypatch.setattr(completion, "class_outcomes", withdrawn_meanwhile)
    services.close_class(actor=labour, training_class=setup.past)
    other.refresh_from_db()
    assert other.status == Enrolment.Status.WITHDRAWN


def _set_rule(world: World, valid_from: dt.date | None, amount: str = "1200") -> SubsidyRule:
    return services.rule_set(
        actor=actor(world, "labour"),
        grade="special",
        amount=Decimal(amount),
        unemployed_share=Decimal("1"),
        employed_share=Decimal("0.8"),
        valid_from=valid_from,
    )


def test_a_back_dated_rule_cannot_reach_a_class_with_claims(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    start = setup.past.starts_on
    assert start is not None
    services.claim_create(actor=labour, external_certificate=setup.external)
    for day in (start, start - dt.timedelta(days=30)):
        with pytest.raises(Conflict, match="新标准") as refused:
            _set_rule(world, day)
        assert refused.value.code == "rule_reaches_claims"
    # The day after the class began is fine: the class keeps the rule of its start.
    _set_rule(world, start + dt.timedelta(days=1))
    assert services.rule_for(world.liangcheng.pk, "special", start).amount == Decimal("1000")


def test_rule_amounts_round_half_up(world: World, setup: TrainingSetup) -> None:
    rule = _set_rule(world, timezone.localdate() + dt.timedelta(days=3), amount="1000.005")
    assert rule.amount == Decimal("1000.01")


def test_a_rejected_claim_can_be_filed_again_but_one_stands_at_a_time(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    first = services.claim_create(actor=labour, external_certificate=setup.external)
    services.claim_decide(actor=labour, claim=first, decision="reject", reason="材料不全")
    second = services.claim_create(actor=labour, external_certificate=setup.external)
    assert second.pk != first.pk and second.status == SubsidyClaim.Status.APPLIED
    with pytest.raises(Conflict):
        services.claim_create(actor=labour, external_certificate=setup.external)
    # The database holds the line too: one claim that is not rejected per enrolment.
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyClaim.objects.create(
            subdistrict=world.liangcheng,
            enrolment=setup.enrolment,
            external_certificate=setup.external,
            rule=second.rule,
            person_status="unemployed",
            base_amount=Decimal(1000),
            share=Decimal(1),
            amount=Decimal(1000),
            applied_on=timezone.localdate(),
        )


def test_an_unused_rule_version_can_be_deleted(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    later = _set_rule(world, timezone.localdate() + dt.timedelta(days=5))
    services.rule_delete(actor=labour, rule=later)
    assert not SubsidyRule.objects.filter(pk=later.pk).exists()
    assert AuditEntry.objects.filter(object_type="training.subsidyrule", action=AuditEntry.Action.DELETE).exists()
    claim = services.claim_create(actor=labour, external_certificate=setup.external)
    with pytest.raises(Conflict, match="不能删除"):
        services.rule_delete(actor=labour, rule=claim.rule)
    # The first version of a grade stays: every class finds a rule.
    base = SubsidyRule.objects.get(subdistrict=world.liangcheng, grade="level5", valid_from=dt.date(2000, 1, 1))
    with pytest.raises(Conflict, match="不能删除"):
        services.rule_delete(actor=labour, rule=base)


def test_rule_delete_page(client: Client, world: World, setup: TrainingSetup) -> None:
    later = _set_rule(world, timezone.localdate() + dt.timedelta(days=5))
    assert client.login(username="labour", password=PASSWORD)
    page = client.get(reverse("training:rules")).content.decode()
    assert reverse("training:rule_delete", args=[later.pk]) in page
    r = client.post(reverse("training:rule_delete", args=[later.pk]), follow=True)
    assert r.redirect_chain[-1][0] == reverse("training:rules") and "已删除" in r.content.decode()
    assert not SubsidyRule.objects.filter(pk=later.pk).exists()


def test_staff_accept_an_offer_for_the_trainee(client: Client, world: World, setup: TrainingSetup) -> None:
    offered = Enrolment.objects.create(
        subdistrict=world.liangcheng,
        training_class=setup.upcoming,
        person_id=make_job_seeker(world),
        status=Enrolment.Status.OFFERED,
        source=Enrolment.Source.REFERRAL,
        offer_expires_at=timezone.now() + dt.timedelta(hours=5),
    )
    assert client.login(username="lixiang", password=PASSWORD)
    page = client.get(reverse("training:enrolment", args=[offered.pk])).content.decode()
    url = reverse("training:offer_accept_desk", args=[offered.pk])
    assert url in page
    r = client.post(url, follow=True)
    assert "已代为确认" in r.content.decode()
    offered.refresh_from_db()
    assert offered.status == Enrolment.Status.ENROLLED and offered.offer_expires_at is None
    entry = AuditEntry.objects.filter(object_type="training.enrolment", object_id=str(offered.pk)).latest("id")
    assert entry.actor_id == world.users["lixiang"].pk
    assert entry.detail["changes"]["status"] == ["offered", "enrolled"]


def test_a_training_school_lands_on_its_classes(client: Client, world: World) -> None:
    from django.apps import apps

    from jiedao.accounts.actor import actor_for

    config = apps.get_app_config("training")
    assert config.start(actor_for(world.users["lixiang"])) == "training:index"  # type: ignore[attr-defined]
    for key in ("labour", "admin", "jobseeker"):
        assert config.start(actor_for(world.users[key])) is None  # type: ignore[attr-defined]
    assert client.login(username="lixiang", password=PASSWORD)
    assert client.get("/")["Location"] == reverse("training:index")


def test_the_bulk_job_links_each_certificate_to_the_site_it_was_asked_from() -> None:
    from jiedao.training.jobs import verify_link

    assert verify_link("https://jiedao.example/", "PX2026-1") == "https://jiedao.example/training/verify/PX2026-1/"


def test_a_bulk_issue_of_a_class_nobody_completed_starts_no_job(client: Client, world: World) -> None:
    from jiedao.jobs.models import Job

    setup = build_training(world)
    assert client.login(username="lixiang", password=PASSWORD)
    r = client.post(reverse("training:certificates_zip", args=[setup.upcoming.pk]), follow=True)
    assert r.redirect_chain[-1][0] == reverse("training:class_detail", args=[setup.upcoming.pk])
    assert "还没有结业的学员" in r.content.decode() and not Job.objects.exists()
