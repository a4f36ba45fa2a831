"""Attendance (签到/签退): a resident's own scan, and staff signing someone in or out."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User
from jiedao.activities import qr
from jiedao.activities.models import Attendance, Registration, Session
from jiedao.activities.services.activities import insert_once, require_organiser
from jiedao.activities.services.invitations import check_category, derived_category
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, json_value, new_errors, raise_if
from jiedao.people.access import own_person
from jiedao.people.models import Person


class NoPerson(Conflict):
    """An account without a person record cannot sign itself in (staff sign them in)."""

    code = "no_person"


def _user_of(by: Actor | User | None) -> User | None:
    user = getattr(by, "user", by)
    return user if isinstance(user, User) else None


def _existing(session: Session, person: Person) -> Attendance | None:
    return Attendance.objects.filter(session=session, person=person).first()


def sign_in(
    *,
    session: Session,
    person: Person,
    method: str,
    by: Actor | User | None = None,
    at: dt.datetime | None = None,
    category: str | None = None,
    request: HttpRequest | None = None,
    account_roles: frozenset[str] | None = None,
) -> tuple[Attendance, bool]:
    """Mark ``person`` present at ``session``: ``(attendance, True)`` the first
    time, ``(existing, False)`` on every repeat, which changes nothing. One
    attendance per person per session whatever the concurrency: the database's
    unique constraint decides, and the loser of a race fetches the winner's row.

    ``by`` is the staff member who recorded it (manual sign-in, walk-in, import);
    such sign-ins are audited. The category is, in order: ``category``, the
    person's invitation's, or one derived from the person (``account_roles``:
    the roles of the person's account when the caller has them at hand)."""
    errors = new_errors()
    if person.subdistrict_id != session.subdistrict_id:
        errors["person"].append(_("不属于本街道。"))
    if method not in Attendance.Method.values:
        errors["method"].append(_("签到方式无效。"))
    check_category(errors, category)
    raise_if(errors)
    found = _existing(session, person)
    if found is not None:
        return found, False
    registration = Registration.objects.filter(activity_id=session.activity_id, person=person).first()
    if category is None:
        category = (
            registration.category if registration is not None else derived_category(person, account_roles=account_roles)
        )
    recorder = _user_of(by)

    def create() -> Attendance:
        attendance = Attendance.objects.create(
            subdistrict_id=session.subdistrict_id,
            session=session,
            person=person,
            registration=registration,
            category=category,
            method=method,
            signed_in_at=at or timezone.now(),
            recorded_by=recorder,
        )
        if recorder is not None:
            audit.record(
                actor=by,
                action=AuditEntry.Action.CREATE,
                obj=attendance,
                request=request,
                detail={"session": session.pk, "person": person.pk, "method": method, "category": category},
            )
        return attendance

    return insert_once(create, lambda: _existing(session, person))


def sign_out(
    *,
    session: Session,
    person: Person,
    by: Actor | User | None = None,
    at: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Attendance:
    """Record when ``person`` left. The first sign-out counts; a repeat changes nothing."""
    activity = session.activity
    if not activity.sign_out_enabled:
        raise ValidationError({"__all__": [_("此活动无需签退。")]})
    attendance = _existing(session, person)
    if attendance is None:
        raise ValidationError({"__all__": [_("尚未签到，无法签退。")]})
    if attendance.signed_out_at is not None:
        return attendance
    when = at or timezone.now()
    if when < attendance.signed_in_at:
        raise ValidationError({"__all__": [_("签退时间不能早于签到时间。")]})
    with transaction.atomic():
        # Conditional: of two concurrent sign-outs only the first writes.
        updated = Attendance.objects.filter(pk=attendance.pk, signed_out_at__isnull=True).update(signed_out_at=when)
        if updated and _user_of(by) is not None:
            audit.record(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=attendance,
                request=request,
                detail=change_detail({"signed_out_at": [None, json_value(when)]}, session=session.pk),
            )
    attendance.refresh_from_db()
    return attendance


class Outcome:
    """What a QR scan did (the resident's result page says it)."""

    NEW = "new"  # signed in now
    REPEAT = "repeat"  # was already signed in: nothing changed
    OUT = "out"  # signed out (or had already)


def sign_with_token(
    *, session: Session, person: Person, token: qr.Token, account_roles: frozenset[str] | None = None
) -> tuple[Attendance, str]:
    """Sign ``person`` in (or out, for an out code) with a token already read by
    ``qr.verify``. Returns the attendance and an ``Outcome``; raises
    ``qr.TokenError`` for another session's token and ``ValidationError`` for a
    refused sign-out."""
    if token.session_id != session.pk:
        raise qr.wrong_session()
    if token.mode == qr.Mode.OUT:
        return sign_out(session=session, person=person), Outcome.OUT
    attendance, created = sign_in(
        session=session, person=person, method=Attendance.Method.QR, account_roles=account_roles
    )
    return attendance, Outcome.NEW if created else Outcome.REPEAT


def scan_sign_in(*, actor: Actor, session: Session, token: qr.Token) -> tuple[Attendance, str]:
    """A resident's own scan, as the person of their account: the resident sign-in
    page and the API both come here. Raises ``NoPerson`` for an account without a
    person record in the session's sub-district."""
    person = own_person(actor)
    if person is None or person.subdistrict_id != session.subdistrict_id:
        raise NoPerson(_("您的账号尚未关联居民信息，请联系居委会或工作人员登记后再签到。"))
    # The caller is the person: their account's roles came with the actor.
    attendance, outcome = sign_with_token(session=session, person=person, token=token, account_roles=actor.roles)
    attendance.person = person
    return attendance, outcome


def staff_sign_in(
    *,
    actor: Actor,
    session: Session,
    person: Person,
    method: str = Attendance.Method.MANUAL,
    category: str | None = None,
    request: HttpRequest | None = None,
) -> tuple[Attendance, bool]:
    """An organiser signs someone in (an invited guest without an account, a walk-in)."""
    require_organiser(actor, session.activity)
    return sign_in(session=session, person=person, method=method, by=actor, category=category, request=request)


def staff_sign_out(*, actor: Actor, session: Session, person: Person, request: HttpRequest | None = None) -> Attendance:
    require_organiser(actor, session.activity)
    return sign_out(session=session, person=person, by=actor, request=request)
