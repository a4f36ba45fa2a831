"""Who may see and do what in employment services (pages, API and services alike).

- The labour office (劳动保障事务所 / 社区受理中心) registers job seekers, records guidance,
  referrals and follow-ups of its sub-district, and reads the due list and the rates.
- The sub-district admin reads all of it and changes nothing (a POST is 403).
- Other offices, union chairs and other staff: no role here (403).
- A resident sees their own registration, guidance and referrals (``my_registration``).

Anything outside the actor's sub-district is not found (404), whatever the role.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.employment.models import GuidanceSession, JobReferral, JobSeeker
from jiedao.people.access import own_person

MANAGE_ROLES = frozenset({Role.LABOUR_OFFICE})
READ_ROLES = MANAGE_ROLES | {Role.SUBDISTRICT_ADMIN}
READ_ONLY = gettext_lazy("街道管理员可查看，登记和修改由劳动保障事务所办理。")


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGE_ROLES)


def can_read(actor: Actor) -> bool:
    return actor.has_role(*READ_ROLES)


def _read(queryset: QuerySet[JobSeeker], actor: Actor) -> QuerySet[JobSeeker]:
    return scoped(queryset, actor) if can_read(actor) else queryset.none()


def seekers_visible_to(actor: Actor) -> QuerySet[JobSeeker]:
    return _read(JobSeeker.objects.all(), actor)


def seeker_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> JobSeeker:
    """The registration ``pk`` (404 outside scope; with ``for_update``, 403 for a reader)."""
    qs = seekers_visible_to(actor).select_related("person", "person__residential_area")
    return one_for_actor(qs, pk, for_update=for_update, may_change=can_manage(actor), refusal=str(READ_ONLY))


def referral_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> JobReferral:
    qs = JobReferral.objects.filter(job_seeker__in=seekers_visible_to(actor)).select_related(
        "job_seeker__person", "employer"
    )
    return one_for_actor(qs, pk, for_update=for_update, may_change=can_manage(actor), refusal=str(READ_ONLY))


def my_registration(actor: Actor) -> JobSeeker | None:
    """The signed-in resident's own registration (None: none, or no registry record)."""
    person = own_person(actor)
    if person is None:
        return None
    return JobSeeker.objects.filter(person=person).select_related("person").first()


def my_guidance(registration: JobSeeker) -> QuerySet[GuidanceSession]:
    return registration.guidance_sessions.all()


def my_referrals(registration: JobSeeker) -> QuerySet[JobReferral]:
    return registration.referrals.select_related("employer")
