"""The city district's volunteering and training records (``bench/city_dataset.py``)."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from city_base import (
    CLASS_SESSIONS,
    COURSES,
    SERVICE_TASKS,
    SHIFTS_PER_TASK,
    TRAINING_CLASSES,
    copy_rows,
)


class WorkRecords:
    """凝新 public service and vocational training: mixed into ``city_dataset.City``, on ``city_base.CityBase``."""

    # ---------------------------------------------------------------- volunteering (凝新)

    def service_shifts(self, tenants: list[int], areas: dict[int, list[int]], units: dict[int, list[int]]) -> int:
        """Public-service tasks: activities of kind SERVICE (a third adopted from a residents'
        need), each with ``SHIFTS_PER_TASK`` weekly shifts (sessions with places) somewhere in
        the five years or the coming weeks. ``claimed`` says how many places the claims step fills."""
        from jiedao.activities.models import Activity, Session
        from jiedao.people.models import Person
        from jiedao.volunteering.models import Need, Shift, Task

        per = max(1, self.n(SERVICE_TASKS) // len(tenants))
        adopted = per // 3
        volunteers = {t: len(ids) for t, ids in self._ids(Person, tenants, is_volunteer=True).items()}
        plans = {t: [self._task_plan() for _ in range(per)] for t in tenants}
        made = copy_rows(
            Need,
            (
                {
                    "subdistrict_id": t,
                    "residential_area_id": self.rng.choice(areas[t]),
                    "title": f"基准居民需求{j}",
                    "status": "adopted" if j < adopted else self.rng.choice(("open", "declined")),
                    "created_at": plans[t][j][3] - dt.timedelta(days=self.rng.randrange(1, 20))
                    if j < adopted
                    else self.moment(),
                }
                for t in tenants
                for j in range(adopted + max(1, per // 10))
            ),
        )
        needs = self._ids(Need, tenants, status="adopted")
        made += copy_rows(
            Activity,
            (
                self.activity(t, "service", f"基准公益服务{j}", units[t][0], created, sign_out_enabled=True)
                for t in tenants
                for j, (_day, _time, _hours, created) in enumerate(plans[t])
            ),
        )
        activities = self._ids(Activity, tenants, kind="service", title__startswith="基准公益服务")
        made += copy_rows(
            Task,
            (
                {
                    "subdistrict_id": t,
                    "activity_id": activity_id,
                    "need_id": needs[t][j] if j < adopted else None,
                    "contact": "党群服务中心 021-65000000",
                    "hours_per_shift": Decimal(hours),
                    "is_open": self.local(first + dt.timedelta(weeks=SHIFTS_PER_TASK - 1), time) > self.now,
                    "created_at": created,
                }
                for t in tenants
                for j, (activity_id, (first, time, hours, created)) in enumerate(
                    zip(activities[t], plans[t], strict=True)
                )
            ),
        )
        made += copy_rows(
            Session,
            (
                {
                    "subdistrict_id": t,
                    "activity_id": activity_id,
                    "starts_at": self.local(first + dt.timedelta(weeks=k), time),
                    "ends_at": self.local(first + dt.timedelta(weeks=k), time) + dt.timedelta(hours=hours),
                    "place": "居民区活动室",
                }
                for t in tenants
                for activity_id, (first, time, hours, _created) in zip(activities[t], plans[t], strict=True)
                for k in range(SHIFTS_PER_TASK)
            ),
        )
        tasks = self._rows(Task, tenants, ("pk", "activity_id"))
        sessions = self._rows(
            Session,
            tenants,
            ("pk", "activity_id", "starts_at"),
            activity__kind="service",
            activity__title__startswith="基准公益服务",
        )

        def shifts() -> Iterator[dict[str, Any]]:
            for t in tenants:
                task_of = {activity_id: pk for pk, activity_id in tasks[t]}
                for session_id, activity_id, starts in sessions[t]:
                    capacity = self.rng.randrange(6, 15)
                    low = 0 if starts > self.now else capacity * 3 // 5
                    yield {
                        "subdistrict_id": t,
                        "task_id": task_of[activity_id],
                        "session_id": session_id,
                        "capacity": capacity,
                        "claimed": min(volunteers[t], self.rng.randint(low, capacity)),
                    }

        return made + copy_rows(Shift, shifts())

    def _task_plan(self) -> tuple[dt.date, dt.time, int, dt.datetime]:
        """A task's first shift day, its time and hours, and when the task was published."""
        first = self.day(self.between(self.start + dt.timedelta(days=30), self.now + dt.timedelta(days=21)))
        time, hours = self.rng.choice(((dt.time(9), 3), (dt.time(14), 2)))
        created = min(self.now, self.local(first, time) - dt.timedelta(days=self.rng.randrange(3, 30)))
        return first, time, hours, created

    def claims(self, tenants: list[int]) -> int:
        """Each shift's ``claimed`` places held by claims of volunteers (``is_volunteer``), a few
        cancelled ones besides and a waiting list on full future shifts; a volunteer number for
        every claimant. The hours of the claims of past shifts: nineteen in twenty recorded, from
        QR sign-in and sign-out (with their attendance rows, the hours as ``hours.attended_hours``
        computes them) or reported by the volunteer; verified by the organiser, a few pending or
        rejected."""
        from jiedao.activities.models import Attendance
        from jiedao.people.models import Person
        from jiedao.volunteering.models import Claim, ProgrammeSettings, ServiceRecord, Shift, Volunteer
        from jiedao.volunteering.services.hours import rounded_hours

        shifts = self._rows(Shift, tenants, ("pk", "capacity", "claimed", "session__starts_at"))
        volunteers = self._ids(Person, tenants, is_volunteer=True)
        claimants: dict[int, int] = {}

        def rows() -> Iterator[dict[str, Any]]:
            for t, found in shifts.items():
                for shift_id, capacity, claimed, starts in found:
                    cancelled = self.rng.choice((0, 0, 0, 1))
                    waiting = self.rng.randrange(3) if starts > self.now and claimed == capacity else 0
                    crowd = self.rng.sample(volunteers[t], k=min(len(volunteers[t]), claimed + cancelled + waiting))
                    for i, person in enumerate(crowd):
                        claimants.setdefault(person, t)
                        created = min(self.now, starts - dt.timedelta(hours=self.rng.randrange(24, 14 * 24)))
                        yield {
                            "subdistrict_id": t,
                            "shift_id": shift_id,
                            "person_id": person,
                            "status": "claimed"
                            if i < claimed
                            else "cancelled"
                            if i < claimed + cancelled
                            else "waiting",
                            "created_at": created,
                            "updated_at": created,
                        }

        made = copy_rows(Claim, rows())
        made += copy_rows(
            Volunteer,
            ({"subdistrict_id": t, "person_id": p, "number": f"ZY{t:04d}{p:08d}"} for p, t in claimants.items()),
        )
        held = self._rows(
            Claim,
            tenants,
            (
                "pk",
                "person_id",
                "shift__session_id",
                "shift__session__starts_at",
                "shift__session__ends_at",
                "shift__task__hours_per_shift",
            ),
            status="claimed",
            shift__session__ends_at__lte=self.now - dt.timedelta(hours=1),
        )
        settings = ProgrammeSettings()  # the defaults: to the nearest half hour
        records: list[tuple[Any, ...]] = []
        for t, found in held.items():
            for claim_id, person, session_id, starts, ends, worth in found:
                if self.rng.random() < 0.05:  # neither signed out nor reported
                    continue
                done = min(self.now, ends + dt.timedelta(hours=self.rng.randrange(2, 72)))
                if self.rng.random() < 0.7:
                    signed_in = starts + dt.timedelta(minutes=self.rng.randrange(-15, 10))
                    signed_out = ends + dt.timedelta(minutes=self.rng.randrange(-20, 15))
                    minutes = int((min(signed_out, ends) - max(signed_in, starts)).total_seconds() // 60)
                    hours = min(rounded_hours(minutes, settings), worth)
                    records.append((t, claim_id, person, session_id, signed_in, signed_out, hours, "verified", done))
                else:
                    status = self.rng.choices(("verified", "pending", "rejected"), weights=(85, 10, 5))[0]
                    records.append((t, claim_id, person, session_id, None, None, worth, status, done))
        made += copy_rows(
            Attendance,
            (
                {
                    "subdistrict_id": t,
                    "session_id": session_id,
                    "person_id": person,
                    "method": "qr",
                    "signed_in_at": signed_in,
                    "signed_out_at": signed_out,
                }
                for t, _claim, person, session_id, signed_in, signed_out, *_ in records
                if signed_in is not None
            ),
        )
        return made + copy_rows(
            ServiceRecord,
            (
                {
                    "subdistrict_id": t,
                    "claim_id": claim_id,
                    "source": "attendance" if signed_in is not None else "reported",
                    "hours": hours,
                    "status": status,
                    "note": "与签到记录不符" if status == "rejected" else "",
                    "verified_at": done if status == "verified" else None,
                    "created_at": signed_out or done,
                }
                for t, claim_id, _person, _session, signed_in, signed_out, hours, status, done in records
            ),
        )

    # ---------------------------------------------------------------- training (职业技能培训)

    def training(self, tenants: list[int]) -> int:
        """Per sub-district a training school (a unit of kind TRAINING_SCHOOL, the provider) with
        the courses of ``COURSES`` (no required works) and ``TRAINING_CLASSES`` classes over the
        five years and the coming weeks: activities of kind CLASS with ``CLASS_SESSIONS`` weekly
        sessions of three hours (``SessionHours``). ``seats_taken`` says how many seats the
        enrolment step fills."""
        from jiedao.activities.models import Activity, Session
        from jiedao.org.models import Unit
        from jiedao.people.models import Person
        from jiedao.training.models import Course, Provider, SessionHours, TrainingClass

        school = "基准职业技能培训学校"
        made = copy_rows(
            Unit,
            (
                {"subdistrict_id": t, "name": school, "kind": Unit.Kind.TRAINING_SCHOOL, "headcount": 20}
                for t in tenants
            ),
        )
        schools = self._ids(Unit, tenants, name=school)
        made += copy_rows(
            Provider,
            (
                {
                    "subdistrict_id": t,
                    "unit_id": schools[t][0],
                    "licence_number": f"教民{t:06d}号",
                    "contact_name": "王老师",
                    "created_at": self.start,
                }
                for t in tenants
            ),
        )
        providers = self._ids(Provider, tenants)
        made += copy_rows(
            Course,
            (
                {
                    "subdistrict_id": t,
                    "name": name,
                    "grade": grade,
                    "prescribed_hours": Decimal(3 * CLASS_SESSIONS),
                    "completion_share": Decimal("0.75"),
                    "created_at": self.start,
                }
                for t in tenants
                for name, grade in COURSES
            ),
        )
        courses = self._ids(Course, tenants)
        seekers = {t: len(ids) for t, ids in self._ids(Person, tenants, is_job_seeker=True).items()}
        per = max(1, self.n(TRAINING_CLASSES) // len(tenants))
        plans = {
            t: [
                (
                    j % len(COURSES),
                    self.day(self.between(self.start + dt.timedelta(days=30), self.now + dt.timedelta(days=28))),
                    self.rng.randrange(25, 46),
                )
                for j in range(per)
            ]
            for t in tenants
        }
        made += copy_rows(
            Activity,
            (
                self.activity(
                    t,
                    "class",
                    f"基准培训·{COURSES[c][0]}第{j + 1}期",
                    schools[t][0],
                    min(self.now, self.local(first, dt.time(9)) - dt.timedelta(days=30)),
                    sign_out_enabled=True,
                )
                for t in tenants
                for j, (c, first, _capacity) in enumerate(plans[t])
            ),
        )
        activities = self._ids(Activity, tenants, kind="class", title__startswith="基准培训·")
        made += copy_rows(
            Session,
            (
                {
                    "subdistrict_id": t,
                    "activity_id": activity_id,
                    "starts_at": self.local(first + dt.timedelta(weeks=k), dt.time(13, 30)),
                    "ends_at": self.local(first + dt.timedelta(weeks=k), dt.time(16, 30)),
                    "place": "培训学校一号教室",
                }
                for t in tenants
                for activity_id, (_c, first, _capacity) in zip(activities[t], plans[t], strict=True)
                for k in range(CLASS_SESSIONS)
            ),
        )
        sessions = self._rows(
            Session, tenants, ("pk",), activity_id__in=[a for ids in activities.values() for a in ids]
        )
        made += copy_rows(
            SessionHours,
            ({"subdistrict_id": t, "session_id": pk, "hours": Decimal(3)} for t in tenants for (pk,) in sessions[t]),
        )

        def classes() -> Iterator[dict[str, Any]]:
            for t in tenants:
                for j, (activity_id, (c, first, capacity)) in enumerate(zip(activities[t], plans[t], strict=True)):
                    low = 0 if first > self.today else capacity * 7 // 10
                    yield {
                        "subdistrict_id": t,
                        "course_id": courses[t][c],
                        "provider_id": providers[t][0],
                        "activity_id": activity_id,
                        "name": f"基准培训·{COURSES[c][0]}第{j + 1}期",
                        "place": "培训学校一号教室",
                        "capacity": capacity,
                        "seats_taken": min(seekers[t], self.rng.randint(low, capacity)),
                        "starts_on": first,
                        "ends_on": first + dt.timedelta(weeks=CLASS_SESSIONS - 1),
                        "enrolment_open": first > self.today,
                        "created_at": min(self.now, self.local(first, dt.time(9)) - dt.timedelta(days=30)),
                    }

        return made + copy_rows(TrainingClass, classes())

    def enrolments(self, tenants: list[int]) -> int:
        """Each class's ``seats_taken`` seats held by registered job seekers (``is_job_seeker``),
        with a few who withdrew and a waiting list on full classes to come. A class that ended
        is closed: completed (``completed_on`` its last day) or not, as the hours of their
        attendance rows give by ``completion`` (9 of 12: all sessions, or all but one)."""
        from jiedao.activities.models import Attendance, Session
        from jiedao.people.models import Person
        from jiedao.training.models import Enrolment, TrainingClass

        classes = self._rows(
            TrainingClass,
            tenants,
            ("pk", "activity_id", "capacity", "seats_taken", "starts_on", "ends_on", "created_at"),
        )
        sittings: dict[int, list[tuple[int, dt.datetime, dt.datetime]]] = {}
        for activity_id, pk, starts, ends in (
            Session.objects.filter(activity__training_class__subdistrict_id__in=tenants)
            .order_by("pk")
            .values_list("activity_id", "pk", "starts_at", "ends_at")
        ):
            sittings.setdefault(activity_id, []).append((pk, starts, ends))
        seekers = self._ids(Person, tenants, is_job_seeker=True)
        present: list[tuple[int, int, int, dt.datetime]] = []  # (tenant, session, person, starts)

        def rows() -> Iterator[dict[str, Any]]:
            for t, found in classes.items():
                for class_id, activity_id, capacity, seats, starts_on, ends_on, created in found:
                    withdrawn = self.rng.choice((0, 0, 1, 2))
                    waiting = self.rng.randrange(4) if starts_on > self.today and seats == capacity else 0
                    crowd = self.rng.sample(seekers[t], k=min(len(seekers[t]), seats + withdrawn + waiting))
                    past = [(pk, s) for pk, s, e in sittings[activity_id] if e <= self.now]
                    for i, person in enumerate(crowd):
                        if i >= seats:
                            status = "withdrawn" if i < seats + withdrawn else "waiting"
                        elif ends_on < self.today:
                            status = "completed" if self.rng.random() < 0.88 else "not_completed"
                        else:
                            status = "enrolled"
                        came = {
                            "completed": len(past) - (self.rng.random() < 0.3),
                            "not_completed": self.rng.randrange(3),
                            "withdrawn": self.rng.randrange(2),
                            "enrolled": len(past),
                        }.get(status, 0)
                        present.extend((t, pk, person, s) for pk, s in self.rng.sample(past, k=min(came, len(past))))
                        enrolled = self.between(created, min(self.now, self.local(starts_on, dt.time(9))))
                        yield {
                            "subdistrict_id": t,
                            "person_id": person,
                            "training_class_id": class_id,
                            "status": status,
                            "source": self.rng.choice(("referral", "application")),
                            "job_seeker_at_enrolment": True,
                            "completed_on": ends_on if status == "completed" else None,
                            "created_at": enrolled,
                            "updated_at": enrolled,
                        }

        made = copy_rows(Enrolment, rows())
        return made + copy_rows(
            Attendance,
            (
                {
                    "subdistrict_id": t,
                    "session_id": session_id,
                    "person_id": person,
                    "method": "qr",
                    # Within the grace of a quarter of an hour: the session counts in full.
                    "signed_in_at": starts + dt.timedelta(minutes=self.rng.randrange(-10, 10)),
                    "signed_out_at": starts + dt.timedelta(minutes=180 + self.rng.randrange(-10, 10)),
                }
                for t, session_id, person, starts in present
            ),
        )
