"""Background work of the joint meeting system (django-tasks)."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jiedao.accounts.models import RoleAssignment
from jiedao.meetings.models import ActionItem
from jiedao.meetings.selectors import DUE_SOON_DAYS

OPEN = [ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS]


def _recipients(unit_ids: set[int]) -> dict[int, set[str]]:
    """The e-mail addresses of the users who answer for each unit (its union chair
    and any other unit-scoped role), active accounts only."""
    found: dict[int, set[str]] = defaultdict(set)
    for unit_id, email in (
        RoleAssignment.objects.current()
        .filter(unit_id__in=unit_ids, user__is_active=True)
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    ):
        found[unit_id].add(email)
    return found


def remind_action_items(*, today: dt.date | None = None) -> int:
    """Send each owner unit one e-mail listing its action items that are overdue
    or due within ``DUE_SOON_DAYS``; each item at most once a day. Returns the
    number of e-mails sent."""
    today = today or timezone.localdate()
    items = list(
        ActionItem.objects.filter(status__in=OPEN, deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
        .select_related("owner_unit")
        .order_by("owner_unit_id", "deadline", "pk")
    )
    by_unit: dict[int, list[ActionItem]] = defaultdict(list)
    for item in items:
        by_unit[item.owner_unit_id].append(item)
    recipients = _recipients(set(by_unit))
    sent = 0
    for unit_id, unit_items in by_unit.items():
        to = sorted(recipients.get(unit_id, ()))
        if not to:
            continue
        lines = [
            _("%(title)s（办结期限 %(deadline)s，%(state)s）")
            % {
                "title": item.title,
                "deadline": item.deadline.isoformat(),
                "state": _("已逾期") if item.deadline < today else _("即将到期"),
            }
            for item in unit_items
        ]
        send_mail(
            subject=_("督办事项提醒：%(unit)s") % {"unit": unit_items[0].owner_unit.name},
            message="\n".join([_("以下督办事项请按期办结并填写进展："), *lines]),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=to,
        )
        ActionItem.objects.filter(pk__in=[i.pk for i in unit_items]).update(last_reminded_on=today)
        sent += 1
    return sent


@task()
def send_action_item_reminders() -> int:
    return remind_action_items()
