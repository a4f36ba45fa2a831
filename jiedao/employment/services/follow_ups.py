"""The follow-up of trainees into work: rows scheduled when a class has ended (one
per enrolment and configured offset, ``JIEDAO_FOLLOW_UP_DAYS``, 30/90/180 by
default), the labour office's record of what it found, and the daily reminder to
the labour office of the follow-ups that have come due."""

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role, User
from jiedao.core.audit import record_changes
from jiedao.core.errors import Forbidden, NotFound
from jiedao.core.notifications import send_email
from jiedao.core.services import clean_text, model_update, new_errors, raise_if
from jiedao.employment import trainees
from jiedao.employment.access import can_manage
from jiedao.employment.models import FollowUp, with_due_on
from jiedao.employment.services.seekers import employer_values
from jiedao.org.models import Unit

DEFAULT_DAYS = (30, 90, 180)


def follow_up_days() -> tuple[int, ...]:
    """The configured offsets (days after the class ended), ascending and distinct."""
    days = getattr(settings, "JIEDAO_FOLLOW_UP_DAYS", DEFAULT_DAYS)
    return tuple(sorted({int(d) for d in days if int(d) > 0}))


def schedule_follow_ups(*, subdistrict_id: int | None = None, today: dt.date | None = None) -> int:
    """Create the missing follow-up rows of every enrolment (``trainees.followed``)
    whose class has ended by ``today``: one per configured offset. A row's due date is
    not stored (``models.with_due_on``: the class's last day + the offset),
    so a class whose dates change later moves its follow-ups with it. Idempotent (the
    unique constraint and ``ignore_conflicts``): run it daily, or again at once, or
    several at a time. Returns the rows that were missing when it looked (a run at the
    same moment may have made some of them: the database keeps one of each)."""
    today = today or timezone.localdate()
    made = 0
    for days in follow_up_days():
        ended = trainees.followed().filter(**{f"{trainees.CLASS_END}__lt": today}).exclude(follow_ups__offset_days=days)
        if subdistrict_id is not None:
            ended = ended.filter(subdistrict_id=subdistrict_id)
        rows = [
            FollowUp(subdistrict_id=sd, enrolment_id=pk, offset_days=days)
            for pk, sd in ended.values_list("pk", "subdistrict_id").iterator()
        ]
        with transaction.atomic():
            made += len(FollowUp.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True))
    return made


@transaction.atomic
def record_follow_up(
    *,
    actor: Actor,
    follow_up: FollowUp,
    outcome: str,
    followed_up_on: dt.date | None,
    employer: Unit | None = None,
    employer_name: str = "",
    employed_since: dt.date | None = None,
    contract: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> FollowUp:
    """What the labour office found: employed (where, since when, contract), self-
    employed, in further training, not employed, or unreachable. Recording again
    corrects the record (audited with the old values)."""
    if not can_manage(actor):
        raise Forbidden(_("只有劳动保障事务所可以记录就业随访。"))
    tenant = tenant_of(actor)
    if follow_up.subdistrict_id != tenant:
        raise NotFound(_("没有找到此记录。"))
    errors = new_errors()
    if outcome not in FollowUp.Outcome.values or outcome == FollowUp.Outcome.UNKNOWN:
        errors["outcome"].append(_("请选择随访结果。"))
    today = timezone.localdate()
    if followed_up_on is None:
        errors["followed_up_on"].append(_("请填写随访日期。"))
    elif followed_up_on > today:
        errors["followed_up_on"].append(_("日期不能晚于今天。"))
    else:
        ended = trainees.class_end_of(follow_up.enrolment_id)
        if ended is None or followed_up_on <= ended:
            errors["followed_up_on"].append(_("随访日期应在培训班结业之后。"))
    values: dict[str, Any] = {
        "outcome": outcome,
        "followed_up_on": followed_up_on,
        "employer": None,
        "employer_name": "",
        "employed_since": None,
        "contract": "",
        "note": clean_text(errors, "note", note, max_length=200),
    }
    if outcome == FollowUp.Outcome.EMPLOYED:
        values.update(employer_values(errors, tenant, employer=employer, employer_name=employer_name))
        if employed_since is None:
            errors["employed_since"].append(_("已就业的，请填写入职日期。"))
        elif employed_since > today:
            errors["employed_since"].append(_("日期不能晚于今天。"))
        if contract not in FollowUp.Contract.values:
            errors["contract"].append(_("请选择用工形式。"))
        values.update(employed_since=employed_since, contract=contract)
    raise_if(errors)
    # Against the row as it is now (locked): a correction made meanwhile is audited as the old value.
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    changes = model_update(locked, {**values, "recorded_by": actor.user})
    changes.pop("recorded_by", None)
    if changes:
        record_changes(actor=actor, obj=locked, changes=changes, request=request)
    return locked


def send_reminders(*, today: dt.date | None = None) -> int:
    """E-mail each labour-office user of a sub-district how many follow-ups have come
    due since the last reminder. Idempotent per day and under concurrency: the rows are
    claimed (``reminded_on``, a conditional update) and the e-mails go only once the
    claim has committed (``on_commit``), so a second run the same day — or at the same
    moment — finds nothing to send; each follow-up is in one reminder only, and a mail
    server that fails loses a reminder rather than failing the run. Returns the
    e-mails queued."""
    today = today or timezone.localdate()
    # ``due_on`` is the annotation of ``with_due_on`` (the stubs do not see it).
    fresh = with_due_on(FollowUp.objects.all()).filter(
        outcome=FollowUp.Outcome.UNKNOWN,
        due_on__lte=today,  # type: ignore[misc]
        reminded_on__isnull=True,
    )
    pending: dict[int, list[int]] = {}
    for pk, subdistrict_id in fresh.values_list("pk", "subdistrict_id"):
        pending.setdefault(subdistrict_id, []).append(pk)
    if not pending:
        return 0
    queued = 0
    with transaction.atomic():
        claimed: dict[int, int] = {}
        for subdistrict_id, ids in pending.items():
            # Filtered on the row itself: a run that got here first leaves nothing to claim.
            n = FollowUp.objects.filter(pk__in=ids, reminded_on__isnull=True).update(reminded_on=today)
            if n:
                claimed[subdistrict_id] = n
        staff = User.objects.filter(
            is_active=True,
            role_assignments__role=Role.LABOUR_OFFICE,
            role_assignments__subdistrict_id__in=claimed,
            subdistrict_id__in=claimed,
        ).exclude(email="")
        for user in staff.distinct():
            n = claimed.get(user.subdistrict_id or 0, 0)
            body = ngettext(
                "有%(n)d条培训后就业随访已到期，请在“就业随访”页面查看并记录结果。",
                "有%(n)d条培训后就业随访已到期，请在“就业随访”页面查看并记录结果。",
                n,
            ) % {"n": n}
            transaction.on_commit(partial(send_email, user.email, _("就业随访到期提醒"), body))
            queued += 1
    return queued
