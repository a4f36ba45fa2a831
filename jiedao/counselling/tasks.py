"""Background work (django-tasks): the daily slot window, reminders, waitlist offers."""

from django_tasks import task

from jiedao.counselling import booking, notifications, slots


@task()
def extend_slots() -> int:
    return sum(r.created for r in slots.generate_all().values())


@task()
def send_reminders() -> int:
    return notifications.send_reminders()


@task()
def expire_offers() -> int:
    return booking.expire_offers()
