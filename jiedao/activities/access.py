"""Who runs which activity. The one place these rules live: pages, the API, the
sign-in screen and the exports all go through these functions.

Organisers: the offices (``OFFICE_ROLES``) run every activity of their
sub-district; an enterprise union chair runs the activities organised by their
unit; a residential-area union chair those aimed at their area. Nobody else
sees an activity as an organiser: residents see their own registrations and
attendances only (``selectors.my_registrations`` / ``my_attendances``).
Everything outside the actor's scope does not exist for them (``Http404``);
whatever an organiser sees they may also change.

Party lectures (党课, 主题党日) and the activities the party marks ``party_only`` (a
主题党日's visit) are the party's alone: who attended one tells who is a party
member, which only the party roles may know (``people.access.sees_party``).
The union and labour offices and the union chairs do not see them, on any page,
export or sign-in screen of this core.
"""

from django.db.models import Q, QuerySet

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.activities.models import Activity, Attendance, Registration, Session
from jiedao.people.access import PARTY_ROLES

CHAIR_ROLES = frozenset({Role.AREA_UNION_CHAIR, Role.ENTERPRISE_UNION_CHAIR})
ORGANISER_ROLES = OFFICE_ROLES | CHAIR_ROLES
# Kinds whose attendance reveals party membership.
PARTY_KINDS = frozenset({Activity.Kind.LECTURE})


def is_party_only(activity: Activity) -> bool:
    return activity.kind in PARTY_KINDS or activity.party_only


def activities_visible_to(actor: Actor) -> QuerySet[Activity]:
    activities = scoped(Activity.objects.all(), actor)
    if not actor.has_role(*PARTY_ROLES):
        activities = activities.exclude(Q(kind__in=PARTY_KINDS) | Q(party_only=True))
    if actor.has_role(*OFFICE_ROLES):
        return activities
    units = actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)
    areas = actor.area_ids(Role.AREA_UNION_CHAIR)
    if not units and not areas:
        return activities.none()
    return activities.filter(Q(organiser_id__in=units) | Q(residential_area_id__in=areas))


def activity_for_actor(actor: Actor, pk: int) -> Activity:
    """The activity ``pk`` if the actor organises it; else 404."""
    return one_for_actor(
        activities_visible_to(actor).select_related("organiser", "residential_area", "subdistrict"), pk
    )


def sessions_visible_to(actor: Actor) -> QuerySet[Session]:
    return Session.objects.filter(activity__in=activities_visible_to(actor))


def session_for_actor(actor: Actor, pk: int) -> Session:
    """The session ``pk`` of an activity the actor organises; else 404."""
    return one_for_actor(
        sessions_visible_to(actor).select_related("activity__organiser", "activity__residential_area", "subdistrict"),
        pk,
    )


def registration_for_actor(actor: Actor, pk: int) -> Registration:
    """The invitation ``pk`` to an activity the actor organises; else 404."""
    return one_for_actor(
        Registration.objects.select_related("activity").filter(activity__in=activities_visible_to(actor)), pk
    )


def invitation_at(session: Session, pk: object) -> Registration:
    """An invitation of a person to the session's activity (the organiser's one-tap
    sign-in row); else 404."""
    invitations = Registration.objects.select_related("person").filter(
        activity_id=session.activity_id, person__isnull=False
    )
    return one_for_actor(invitations, pk or 0)


def attendance_at(session: Session, pk: object) -> Attendance:
    """A sign-in at this session (not another's, whatever its id); else 404."""
    return one_for_actor(Attendance.objects.select_related("person").filter(session=session), pk or 0)


def session_to_scan(actor: Actor, pk: int) -> Session:
    """The session ``pk`` for a resident who scanned its code: any session of the
    actor's own sub-district (the token, not the scope, says they were there); else 404."""
    sessions = Session.objects.select_related("activity__organiser")
    return one_for_actor(sessions.filter(subdistrict_id=actor.subdistrict_id or 0), pk)


def can_organise(actor: Actor, activity: Activity) -> bool:
    """``activities_visible_to`` for one activity in hand (also one not saved yet)."""
    if not actor.is_authenticated or actor.subdistrict_id != activity.subdistrict_id:
        return False
    if is_party_only(activity) and not actor.has_role(*PARTY_ROLES):
        return False
    if actor.has_role(*OFFICE_ROLES):
        return True
    return activity.organiser_id in actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR) or (
        activity.residential_area_id is not None
        and activity.residential_area_id in actor.area_ids(Role.AREA_UNION_CHAIR)
    )
