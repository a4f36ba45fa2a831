"""The case lists and the supervisor's log of reads."""

from django.db.models import QuerySet

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User
from jiedao.core.models import AuditEntry
from jiedao.legalaid import access
from jiedao.legalaid.models import LegalAidCase
from jiedao.legalaid.services import CASE_LABEL, DOCUMENT_LABEL


def case_rows(actor: Actor, *, stage: str = "", unassigned: bool = False) -> QuerySet[LegalAidCase]:
    """The cases the actor may read, newest first, with what a list shows (the
    worker, the handler); the encrypted summary and outcome are not loaded."""
    qs = access.cases_visible_to(actor).select_related("person", "handler").defer("summary", "outcome")
    if stage:
        qs = qs.filter(stage=stage)
    if unassigned:
        qs = qs.filter(handler__isnull=True)
    return qs.order_by("-opened_on", "-id")


def handler_choices(actor: Actor) -> list[User]:
    return list(access.handlers(actor))


def case_reads(actor: Actor) -> QuerySet[AuditEntry]:
    """Every read of a case or a document in the actor's sub-district, latest first."""
    return (
        AuditEntry.objects.filter(
            subdistrict_id=actor.subdistrict_id or 0,
            object_type__in=(CASE_LABEL, DOCUMENT_LABEL),
            action=AuditEntry.Action.REVEAL,
        )
        .order_by("-created_at", "-id")
        .only("created_at", "actor_name", "object_type", "object_id", "object_repr", "detail")
    )
