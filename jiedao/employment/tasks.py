"""Background work (django-tasks): the daily follow-up schedule and reminders."""

from django_tasks import task

from jiedao.employment.services.follow_ups import schedule_follow_ups, send_reminders


@task()
def follow_ups_daily() -> int:
    """Schedule the follow-ups of classes that ended, then remind (idempotent per day); the e-mails queued."""
    schedule_follow_ups()
    return send_reminders()
