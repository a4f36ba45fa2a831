"""Background work (django-tasks): the daily slot window, reminders, waitlist offers."""

from django_tasks import task

from jiedao.counselling import notifications, services


@task()
def extend_slots() -> int:
    return sum(r.created for r in services.generate_all().values())


@task()
def send_reminders() -> int:
    return notifications.send_reminders()


@task()
def expire_offers() -> int:
    return services.expire_offers()
