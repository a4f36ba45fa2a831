"""The worker's side of long jobs (django-tasks)."""

from django_tasks import task

from jiedao.jobs import services


@task()
def run_job(job_id: str) -> None:
    services.execute(job_id)
