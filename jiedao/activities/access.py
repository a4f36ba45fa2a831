"""Who runs which activity. The one place these rules live: pages, the API, the
sign-in screen and the exports all go through these functions.

Organisers: the offices (``OFFICE_ROLES``) run every activity of their
sub-district; an enterprise union chair runs the activities organised by their
unit; a residential-area union chair those aimed at their area. Nobody else
sees an activity as an organiser: residents see their own registrations and
attendances only (``selectors.my_registrations`` / ``my_attendances``).
Everything outside the actor's scope does not exist for them (``Http404``).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.activities.models import Activity, Session

CHAIR_ROLES = frozenset({Role.AREA_UNION_CHAIR, Role.ENTERPRISE_UNION_CHAIR})
ORGANISER_ROLES = OFFICE_ROLES | CHAIR_ROLES


def _scope(actor: Actor) -> Q | None:
    """The filter of the activities an actor runs, or None for none at all."""
    if not actor.is_authenticated or actor.subdistrict_id is None:
        return None
    if actor.has_role(*OFFICE_ROLES):
        return Q(subdistrict_id=actor.subdistrict_id)
    units = actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)
    areas = actor.area_ids(Role.AREA_UNION_CHAIR)
    if not units and not areas:
        return None
    return Q(subdistrict_id=actor.subdistrict_id) & (Q(organiser_id__in=units) | Q(residential_area_id__in=areas))


def activities_visible_to(actor: Actor) -> QuerySet[Activity]:
    scope = _scope(actor)
    if scope is None:
        return Activity.objects.none()
    return Activity.objects.filter(scope)


def activity_for_actor(actor: Actor, pk: int) -> Activity:
    """The activity ``pk`` if the actor organises it; else 404."""
    activity = (
        activities_visible_to(actor)
        .select_related("organiser", "residential_area", "subdistrict")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def sessions_visible_to(actor: Actor) -> QuerySet[Session]:
    scope = _scope(actor)
    if scope is None:
        return Session.objects.none()
    return Session.objects.filter(activity__in=Activity.objects.filter(scope))


def session_for_actor(actor: Actor, pk: int) -> Session:
    """The session ``pk`` of an activity the actor organises; else 404."""
    session = (
        sessions_visible_to(actor)
        .select_related("activity__organiser", "activity__residential_area", "subdistrict")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def session_to_scan(actor: Actor, pk: int) -> Session:
    """The session ``pk`` for a resident who scanned its code: any session of the
    actor's own sub-district (the token, not the scope, says they were there); else 404."""
    if actor.subdistrict_id is None:
        raise Http404
    session = (
        Session.objects.select_related("activity__organiser").filter(pk=pk, subdistrict_id=actor.subdistrict_id).first()
    )
    if session is None:
        raise Http404
    return session


def can_organise(actor: Actor, activity: Activity) -> bool:
    if not actor.is_authenticated or actor.subdistrict_id != activity.subdistrict_id:
        return False
    if actor.has_role(*OFFICE_ROLES):
        return True
    return activity.organiser_id in actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR) or (
        activity.residential_area_id is not None
        and activity.residential_area_id in actor.area_ids(Role.AREA_UNION_CHAIR)
    )
