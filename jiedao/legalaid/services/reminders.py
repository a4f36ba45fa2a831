"""The daily reminder to each handler of the steps that are due: the cases of their
caseload whose next step is overdue or due within ``DUE_SOON_DAYS``; the cases
nobody handles yet go to the sub-district's legal-aid supervisors.

At most once a day per case, under concurrency too: each case is claimed by a
conditional update of ``reminded_on`` (only where it is not today already), and the
e-mails go once the claim has committed (``on_commit``). A second run the same day,
or one at the same moment, finds nothing left to claim. A suspended case, a final
one and a purged one are never reminded of. The e-mail names the cases by number
and their due dates, never a worker, an employer or a note: it leaves the system.
"""

import datetime as dt
from collections import defaultdict
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.core.notifications import send_email
from jiedao.legalaid.models import FINAL_STAGES, LegalAidCase

DUE_SOON_DAYS = 3


def due_cases(today: dt.date) -> list[tuple[int, int, int | None, dt.date]]:
    """(case, sub-district, handler, due date) of the open cases whose step is due by
    ``today + DUE_SOON_DAYS`` and that were not reminded of today."""
    rows = (
        LegalAidCase.objects.filter(
            purged_at__isnull=True,
            suspended_since__isnull=True,
            due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(stage__in=list(FINAL_STAGES))
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .order_by("due_on", "pk")
        .values_list("pk", "subdistrict_id", "handler_id", "due_on")
    )
    return [(pk, sd, handler, due) for pk, sd, handler, due in rows if due is not None]


def _supervisors(subdistrict_ids: set[int]) -> dict[int, list[User]]:
    current = RoleAssignment.objects.current().filter(
        role=Role.LEGAL_AID_SUPERVISOR, subdistrict_id__in=subdistrict_ids
    )
    found: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(is_active=True, pk__in=current.values("user_id")).exclude(email=""):
        if user.subdistrict_id is not None:
            found[user.subdistrict_id].append(user)
    return found


def _body(rows: list[tuple[int, dt.date]], today: dt.date) -> str:
    overdue = [(pk, due) for pk, due in rows if due < today]
    soon = [(pk, due) for pk, due in rows if due >= today]
    lines = []
    if overdue:
        lines.append(
            ngettext("%(n)d件法律援助案件的下一步已逾期：", "%(n)d件法律援助案件的下一步已逾期：", len(overdue))
            % {"n": len(overdue)}
        )
        lines += [_("案件 #%(n)s，期限 %(d)s") % {"n": pk, "d": due.isoformat()} for pk, due in overdue]
    if soon:
        lines.append(
            ngettext("%(n)d件法律援助案件的下一步期限将至：", "%(n)d件法律援助案件的下一步期限将至：", len(soon))
            % {"n": len(soon)}
        )
        lines += [_("案件 #%(n)s，期限 %(d)s") % {"n": pk, "d": due.isoformat()} for pk, due in soon]
    lines.append(_("请登录系统查看“法律援助案件”。"))
    return "\n".join(lines)


def send_due_reminders(*, today: dt.date | None = None) -> int:
    """E-mail each handler (the supervisors, for unassigned cases) the cases whose
    next step is overdue or due soon, each case at most once a day. Returns the
    e-mails queued."""
    today = today or timezone.localdate()
    found = due_cases(today)
    if not found:
        return 0
    queued = 0
    with transaction.atomic():
        claimed = []
        for pk, subdistrict_id, handler_id, due_on in found:
            # Filtered on the row itself: a run that got here first leaves nothing to claim.
            done = (
                LegalAidCase.objects.filter(pk=pk)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .update(reminded_on=today)
            )
            if done:
                claimed.append((pk, subdistrict_id, handler_id, due_on))
        # Only a handler who still holds the role in the case's sub-district is told;
        # a case whose handler left goes to the supervisors, like an unassigned one.
        named = {h for _pk, _sd, h, _due in claimed if h is not None}
        serving = set(
            RoleAssignment.objects.current()
            .filter(role=Role.LEGAL_AID_HANDLER, user_id__in=named)
            .values_list("user_id", "subdistrict_id")
        )
        handlers = {
            u.pk: u for u in User.objects.filter(pk__in={h for h, _sd in serving}, is_active=True).exclude(email="")
        }
        supervisors = _supervisors({sd for _pk, sd, h, _due in claimed if (h, sd) not in serving})
        per_user: dict[int, tuple[User, list[tuple[int, dt.date]]]] = {}
        for pk, subdistrict_id, handler_id, due_on in claimed:
            if (handler_id, subdistrict_id) in serving:
                users = [handlers[handler_id]] if handler_id in handlers else []
            else:
                users = supervisors.get(subdistrict_id, [])
            for user in users:
                per_user.setdefault(user.pk, (user, []))[1].append((pk, due_on))
        for user, rows in per_user.values():
            transaction.on_commit(partial(send_email, user.email, _("法律援助案件期限提醒"), _body(rows, today)))
            queued += 1
    return queued
