"""An ID number already registered in the sub-district: what the actor is told.

A number is registered once per sub-district, so registering it again is refused.
An actor who can see its holder is told who that is. Anyone else (a union chair,
whose scope is one area or one unit) gets a neutral refusal that does not confirm
the number is registered: it reads differently from a malformed number, which is a
fact about the input alone, but it names nobody. Since a refusal is still a hint,
each one is audited (``AuditEntry.Action.REFUSED``, on the holder's record, so the
offices see who tried whose number), and after ``JIEDAO_ID_PROBE_LIMIT`` of them
within ``JIEDAO_ID_PROBE_WINDOW_MINUTES`` the actor may not try another number
until the window has passed. The count is read from the audit log
(``core.attempts``): it holds across processes and restarts.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiedao.accounts.actor import Actor
from jiedao.core import attempts, audit
from jiedao.core.models import AuditEntry
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person

# ``detail["reason"]`` of the audit entry of such a refusal.
PROBE_REASON = "id_number_registered_out_of_scope"


def check_probe_limit(actor: Actor) -> None:
    """Raise ``TooMany`` (with the seconds to wait) when ``actor`` has had the
    limit of such refusals within the window (``core.attempts``)."""
    attempts.check_refusal_limit(
        user=actor.user,
        reason=PROBE_REASON,
        limit=settings.JIEDAO_ID_PROBE_LIMIT,
        window=dt.timedelta(minutes=settings.JIEDAO_ID_PROBE_WINDOW_MINUTES),
        message=lambda minutes: (
            ngettext(
                "您最近多次填写了无法登记的身份证号，请%(minutes)d分钟后再登记或修改身份证号；如有疑问，请联系街道管理员。",
                "您最近多次填写了无法登记的身份证号，请%(minutes)d分钟后再登记或修改身份证号；如有疑问，请联系街道管理员。",
                minutes,
            )
            % {"minutes": minutes}
        ),
        field="id_number",
    )


def refuse_registered(
    actor: Actor,
    *,
    subdistrict_id: int,
    id_number_hash: str,
    editing: Person | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Raise a ``ValidationError`` on ``id_number`` if someone other than ``editing``
    holds the number, worded by what the actor may know; audit it when the holder
    is out of the actor's sight. Call it outside the service's own transaction, so
    that the audit entry outlives the refusal (see ``audit.record_refusal``)."""
    holders = Person.objects.filter(subdistrict_id=subdistrict_id, id_number_hash=id_number_hash)
    if editing is not None:
        holders = holders.exclude(pk=editing.pk)
    holder = holders.only("pk", "name", "subdistrict_id").first()
    if holder is None:
        return
    if people_visible_to(actor).filter(pk=holder.pk).exists():
        message = _("该身份证号已登记在%(name)s名下，可在人员名单中按身份证号查找。") % {"name": holder.name}
        raise ValidationError({"id_number": [message]})
    audit.record_refusal(
        actor=actor,
        action=AuditEntry.Action.REFUSED,
        obj=holder,
        request=request,
        detail={"reason": PROBE_REASON, "editing": editing.pk if editing is not None else None},
    )
    raise ValidationError({"id_number": [_("无法用该身份证号登记，请联系街道管理员核实。")]})
