"""Access rows of the 畅心屋 booking pages and API (``jiedao/counselling``, booking side).

Residents book for themselves; the offices (admin, union federation, labour office —
all office roles) manage studios and book on behalf; the counsellor sees their own
appointments; union chairs and the supervisor see no individual appointment; another
sub-district's admin passes role gates but finds nothing of 凉城 (404). The client's
employer is never on any of these pages.

Rows that change state build a fresh object per persona (``kwargs`` is called for
each), so every allowed persona meets the same situation.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from jiedao.core.models import CalendarDay
from jiedao.counselling import consent
from jiedao.counselling.models import Appointment, AvailabilityException, AvailabilityRule, WaitlistEntry
from jiedao.counselling.tests.conftest import counselling_of, give_consent
from jiedao.testing import World
from tests.access.common import ANY_USER, OFFICES, SIGNED_IN, STAFF, Case, Target, name_of

# Who may see the worker's appointment: the offices, its counsellor, the worker.
SEE_APPOINTMENT = OFFICES | {"counsellor", "worker"}
EMPLOYER = "上海嘉春装饰设计工程有限公司"
_dates = itertools.count()


def studio(w: World) -> dict[str, Any]:
    return {"pk": counselling_of(w).studio.pk}


def appointment(w: World) -> dict[str, Any]:
    return {"pk": counselling_of(w).appointment.pk}


def free_slot(w: World) -> dict[str, Any]:
    return {"pk": counselling_of(w).free_slots()[0].pk}


def fresh_appointment(w: World) -> dict[str, Any]:
    """A new booked appointment of the worker (for rows that cancel it)."""
    setup = counselling_of(w)
    slot = setup.free_slots()[-1]
    a = Appointment.objects.create(
        subdistrict=w.liangcheng,
        slot=slot,
        person=w.people["worker"],
        counsellor=setup.counsellor,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
    )
    return {"pk": a.pk}


def fresh_rule(w: World) -> dict[str, Any]:
    setup = counselling_of(w)
    rule = AvailabilityRule.objects.create(
        subdistrict=w.liangcheng,
        counsellor=setup.counsellor,
        room=setup.room,
        weekday=0,
        start_time=dt.time(18),
        end_time=dt.time(19),
        valid_from=timezone.localdate(),
    )
    return {"pk": rule.pk}


def fresh_exception(w: World) -> dict[str, Any]:
    setup = counselling_of(w)
    e = AvailabilityException.objects.create(
        subdistrict=w.liangcheng,
        counsellor=setup.counsellor,
        kind="leave",
        date=timezone.localdate() + dt.timedelta(days=30),
    )
    return {"pk": e.pk}


def fresh_calendar_day(w: World) -> dict[str, Any]:
    row = CalendarDay.objects.create(date=dt.date(2040, 1, 1) + dt.timedelta(days=next(_dates)), kind="holiday")
    return {"pk": row.pk}


def waitlist_entry(w: World) -> dict[str, Any]:
    setup = counselling_of(w)
    today = timezone.localdate()
    entry = WaitlistEntry.objects.filter(person=w.people["worker"], status="waiting").first()
    if entry is None:
        entry = WaitlistEntry.objects.create(
            subdistrict=w.liangcheng,
            studio=setup.studio,
            person=w.people["worker"],
            date_from=today,
            date_to=today + dt.timedelta(days=7),
        )
    return {"pk": entry.pk}


def with_setup(value: dict[str, Any] | None = None) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        counselling_of(w)
        return dict(value or {})

    return build


def last_free_slot(w: World) -> dict[str, Any]:
    """A slot in a later week than the worker's appointment; both residents consented."""
    setup = counselling_of(w)
    give_consent(w.people["worker"])
    give_consent(w.people["jobseeker"])
    return {"slot": setup.free_slots()[-1].pk}


OFFICE_PAGES = OFFICES | {"other_admin"}
# Staff without a person record of their own cannot book or consent (409 no_person).
NO_PERSON = (STAFF - {"counsellor"}) | {"other_admin"}

PAGES = {
    "counselling:index": Case(targets=[Target(ANY_USER, with_setup())]),
    # A slot of 凉城 does not exist for the other sub-district (404).
    "counselling:slot_confirm": Case(targets=[Target(SIGNED_IN, free_slot)], gate=ANY_USER),
    "counselling:mine": Case(targets=[Target(ANY_USER, with_setup(), leak=lambda w: EMPLOYER, sees=set())]),
    # Anyone who does not see the worker's appointment does not find it (404).
    "counselling:appointment_done": Case(
        targets=[Target(SEE_APPOINTMENT, appointment, leak=name_of("worker"))], gate=ANY_USER
    ),
    "counselling:appointment_cancel": Case(
        targets=[
            Target(SEE_APPOINTMENT, appointment, leak=name_of("worker")),
            Target(SEE_APPOINTMENT, appointment, leak=lambda w: EMPLOYER, sees=set()),
        ],
        gate=ANY_USER,
    ),
    "counselling:appointment_ics": Case(targets=[Target(SEE_APPOINTMENT, appointment)], gate=ANY_USER),
    "counselling:appointment_mark": Case(
        "post", [Target({"counsellor"}, appointment, data=lambda w: {"status": "attended"}, status=302)]
    ),
    "counselling:waitlist_join": Case(targets=[Target(SIGNED_IN, studio)], gate=ANY_USER),
    # Only the worker answers her own offer; the offices see the waitlist but may not (403).
    "counselling:offer_accept": Case(
        "post", [Target({"worker"}, waitlist_entry, status=302, readers=OFFICES)], gate=ANY_USER
    ),
    "counselling:waitlist_leave": Case(
        "post", [Target({"worker"}, waitlist_entry, status=302, readers=OFFICES)], gate=ANY_USER
    ),
    # Anyone with a person record of their own: the worker and the counsellor (周静) here;
    # staff without one have no consent to withdraw (404).
    "counselling:consent_withdraw": Case(
        "post", [Target({"worker", "jobseeker", "counsellor"}, with_setup(), status=302)], gate=ANY_USER
    ),
    "counselling:caseload": Case(
        targets=[
            Target({"counsellor"}, with_setup(), leak=name_of("worker")),
            Target({"counsellor"}, with_setup(), leak=lambda w: EMPLOYER, sees=set()),
        ]
    ),
    "counselling:studios": Case(
        targets=[Target(OFFICE_PAGES, with_setup(), leak=lambda w: "凉城路545号", sees=OFFICES)]
    ),
    "counselling:studio_create": Case(targets=[Target(OFFICE_PAGES)]),
    "counselling:schedule": Case(
        targets=[
            Target(OFFICES, studio, leak=name_of("worker")),
            Target(OFFICES, studio, leak=lambda w: EMPLOYER, sees=set()),
        ],
        gate=OFFICE_PAGES,
    ),
    "counselling:studio_edit": Case(targets=[Target(OFFICES, studio)], gate=OFFICE_PAGES),
    "counselling:room_create": Case(targets=[Target(OFFICES, studio)], gate=OFFICE_PAGES),
    "counselling:rule_create": Case(targets=[Target(OFFICES, studio)], gate=OFFICE_PAGES),
    "counselling:exception_create": Case(targets=[Target(OFFICES, studio)], gate=OFFICE_PAGES),
    "counselling:book_for": Case(targets=[Target(OFFICES, studio)], gate=OFFICE_PAGES),
    "counselling:rule_delete": Case("post", [Target(OFFICES, fresh_rule, status=302)], gate=OFFICE_PAGES),
    "counselling:exception_delete": Case("post", [Target(OFFICES, fresh_exception, status=302)], gate=OFFICE_PAGES),
    "counselling:counsellors": Case(targets=[Target(OFFICE_PAGES, with_setup(), leak=lambda w: "周静", sees=OFFICES)]),
    "counselling:counsellor_create": Case(targets=[Target(OFFICE_PAGES)]),
    "counselling:counsellor_edit": Case(
        targets=[Target(OFFICES, lambda w: {"pk": counselling_of(w).counsellor.pk})], gate=OFFICE_PAGES
    ),
    # The national calendar is one for the country: any sub-district's offices keep it.
    "counselling:calendar": Case(targets=[Target(OFFICE_PAGES)]),
    "counselling:calendar_delete": Case("post", [Target(OFFICE_PAGES, fresh_calendar_day, status=302)]),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/counselling/slots"): Case(targets=[Target(ANY_USER, with_setup())]),
    # Staff without a person record get 409 no_person, the counsellor 422 (their own
    # slot). The other sub-district's admin sends a slot of 凉城: a field error (400)
    # or, as they have no person record either, 409; both are right.
    ("POST", "/counselling/appointments"): Case(
        "post",
        [
            Target(
                {"worker", "jobseeker"},
                with_setup(),
                data=last_free_slot,
                status=201,
                answers={
                    **dict.fromkeys(NO_PERSON - {"other_admin"}, 409),
                    "counsellor": 422,
                    "other_admin": frozenset({400, 409}),
                },
            )
        ],
        gate=ANY_USER,
    ),
    ("GET", "/counselling/appointments"): Case(
        targets=[
            Target(ANY_USER, with_setup(), leak=name_of("worker"), sees=SEE_APPOINTMENT),
            Target(ANY_USER, with_setup(), leak=lambda w: EMPLOYER, sees=set()),
        ]
    ),
    ("POST", "/counselling/appointments/{pk}/cancel"): Case(
        "post",
        [Target(SEE_APPOINTMENT, fresh_appointment, data=lambda w: {"reason": "咨询师临时有事"})],
        gate=ANY_USER,
    ),
    ("GET", "/counselling/appointments/{pk}.ics"): Case(targets=[Target(SEE_APPOINTMENT, appointment)], gate=ANY_USER),
    ("GET", "/counselling/consent"): Case(targets=[Target(ANY_USER)]),
    ("POST", "/counselling/consent"): Case(
        "post",
        [
            Target(
                {"worker", "jobseeker", "counsellor"},
                with_setup(),
                data=lambda w: {"version": consent.CURRENT_VERSION},
                status=201,
                answers=dict.fromkeys(NO_PERSON, 409),
            )
        ],
        gate=ANY_USER,
    ),
}
