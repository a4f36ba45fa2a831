"""Background work (django-tasks): the daily reminders of due steps and the retention purge."""

from django_tasks import task

from jiedao.legalaid.services.reminders import send_due_reminders
from jiedao.legalaid.services.retention import purge_expired_cases


@task()
def legal_aid_daily() -> int:
    """Purge the cases past retention, then remind the handlers of due steps (each
    case at most once a day); the e-mails queued."""
    purge_expired_cases()
    return send_due_reminders()
