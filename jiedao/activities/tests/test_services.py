import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.models import Role, RoleAssignment
from jiedao.activities import selectors, services
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Registration
from jiedao.activities.tests.helpers import actor, meeting, session_of
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.testing import World, make_person

pytestmark = pytest.mark.django_db


def test_activity_create_defaults_sign_out_by_kind(world: World) -> None:
    union = actor(world, "union")
    m = meeting(world)
    cls = services.activity_create(actor=union, kind=Activity.Kind.CLASS, title="职工培训班", organiser=world.office)
    svc = services.activity_create(actor=union, kind="service", title="志愿服务", organiser=world.office)
    forced = services.activity_create(
        actor=union, kind="meeting", title="会", organiser=world.office, sign_out_enabled=True
    )
    assert (m.sign_out_enabled, cls.sign_out_enabled, svc.sign_out_enabled, forced.sign_out_enabled) == (
        False,
        True,
        True,
        True,
    )
    assert m.subdistrict_id == world.liangcheng.pk and m.created_by == world.users["union"]
    assert AuditEntry.objects.filter(object_type="activities.activity", action="create").count() == 4


def test_activity_create_validates_every_field(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.activity_create(actor=actor(world, "union"), kind="party", title="  ", organiser=None)
    assert set(exc.value.message_dict) == {"kind", "title", "organiser"}
    other_unit = world.quyang_area  # an area of another sub-district
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            actor=actor(world, "union"), kind="meeting", title="会", organiser=world.office, residential_area=other_unit
        )
    assert "residential_area" in exc.value.message_dict
    assert not Activity.objects.exists()


def test_chairs_organise_only_their_unit_or_area(world: World) -> None:
    jiachun, xiuyuan = actor(world, "jiachun"), actor(world, "xiuyuan")
    own = services.activity_create(actor=jiachun, kind="other", title="职工活动", organiser=world.jiachun)
    area = services.activity_create(
        actor=xiuyuan, kind="visit", title="参观", organiser=world.office, residential_area=world.xiuyuan
    )
    assert selectors.can_organise(jiachun, own) and not selectors.can_organise(xiuyuan, own)
    assert selectors.can_organise(xiuyuan, area) and not selectors.can_organise(jiachun, area)
    with pytest.raises(ValidationError):
        services.activity_create(actor=jiachun, kind="other", title="职工活动", organiser=world.gongzhi)
    with pytest.raises(ValidationError):
        services.activity_create(
            actor=xiuyuan, kind="visit", title="参观", organiser=world.office, residential_area=world.zhonghong
        )
    # The offices see both; a resident, a counsellor and another sub-district none.
    assert set(selectors.activities_visible_to(actor(world, "admin"))) == {own, area}
    assert list(selectors.activities_visible_to(jiachun)) == [own]
    for key in ("worker", "counsellor", "other_admin"):
        assert not selectors.activities_visible_to(actor(world, key)).exists()
        with pytest.raises(Http404):
            selectors.activity_for_actor(actor(world, key), own.pk)


def test_session_create_and_validation(world: World) -> None:
    m = meeting(world)
    s = session_of(world, m)
    assert s.subdistrict_id == m.subdistrict_id
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=actor(world, "union"), activity=m, starts_at=now, ends_at=now, place="", capacity=0
        )
    assert set(exc.value.message_dict) == {"ends_at", "place", "capacity"}
    with pytest.raises(Forbidden):
        services.session_create(
            actor=actor(world, "jiachun"), activity=m, starts_at=now, ends_at=now + dt.timedelta(hours=1), place="x"
        )


def test_invite_is_idempotent_and_derives_the_category(world: World) -> None:
    union = actor(world, "union")
    m = meeting(world)
    first = services.invite(actor=union, activity=m, person=world.people["worker"], role=Registration.Role.GUEST)
    again = services.invite(actor=union, activity=m, person=world.people["worker"])
    assert first.pk == again.pk and again.role == Registration.Role.GUEST
    assert first.category == AttendeeCategory.OTHER
    unit_invite = services.invite(actor=union, activity=m, unit=world.gongzhi, category=AttendeeCategory.MEMBER_UNIT)
    assert services.invite(actor=union, activity=m, unit=world.gongzhi).pk == unit_invite.pk
    # The unit names its representative: the open invitation is filled.
    named = services.invite(actor=union, activity=m, unit=world.gongzhi, person=world.people["zhonghong_worker"])
    assert named.pk == unit_invite.pk and named.person == world.people["zhonghong_worker"]
    assert named.category == AttendeeCategory.MEMBER_UNIT
    assert Registration.objects.filter(activity=m).count() == 2
    assert AuditEntry.objects.filter(object_type="activities.registration").count() == 3
    with pytest.raises(ValidationError):
        services.invite(actor=union, activity=m)
    # A guest's post is kept on the invitation (the registry has none); given anew, it changes.
    posted = services.invite(actor=union, activity=m, person=world.people["worker"], note="区总工会主席")
    assert posted.pk == first.pk and posted.note == "区总工会主席"
    assert services.invite(actor=union, activity=m, person=world.people["worker"]).note == "区总工会主席"
    with pytest.raises(ValidationError):
        services.invite(actor=union, activity=m, person=world.people["worker"], note="主席\x07")
    with pytest.raises(ValidationError):
        services.invite(actor=union, activity=m, person=world.people["quyang_resident"])


def test_derived_categories(world: World) -> None:
    s = world.liangcheng
    office_clerk = make_person(s, "科员", employer=world.office)
    chair = make_person(s, "企业主席", user=world.users["jiachun"])
    area_chair = make_person(s, "居民区主席", user=world.users["xiuyuan"])
    assert services.derived_category(office_clerk) == AttendeeCategory.OFFICE
    assert services.derived_category(chair) == AttendeeCategory.ENTERPRISE_UNION_CHAIR
    assert services.derived_category(area_chair) == AttendeeCategory.AREA_UNION_CHAIR
    assert services.derived_category(world.people["worker"]) == AttendeeCategory.OTHER
    # Both chair roles: the enterprise one comes first.
    RoleAssignment.objects.create(
        subdistrict=s, user=world.users["xiuyuan"], role=Role.ENTERPRISE_UNION_CHAIR, unit=world.gongzhi
    )
    assert services.derived_category(area_chair) == AttendeeCategory.ENTERPRISE_UNION_CHAIR


def test_sign_in_once_and_repeat_changes_nothing(world: World) -> None:
    m = meeting(world)
    s = session_of(world, m)
    worker = world.people["worker"]
    services.invite(actor=actor(world, "union"), activity=m, person=worker, category=AttendeeCategory.MEMBER_UNIT)
    first, created = services.sign_in(session=s, person=worker, method=Attendance.Method.QR)
    assert created and first.category == AttendeeCategory.MEMBER_UNIT and first.registration is not None
    again, created = services.sign_in(
        session=s, person=worker, method=Attendance.Method.MANUAL, at=timezone.now() + dt.timedelta(minutes=5)
    )
    assert not created and again.pk == first.pk and again.signed_in_at == first.signed_in_at
    assert again.method == Attendance.Method.QR
    # A self sign-in is not audited; a staff one is.
    assert not AuditEntry.objects.filter(object_type="activities.attendance").exists()
    services.staff_sign_in(actor=actor(world, "union"), session=s, person=world.people["jobseeker"])
    entry = AuditEntry.objects.get(object_type="activities.attendance")
    assert entry.actor == world.users["union"] and entry.detail["method"] == "manual"
    counts = selectors.attendance_by_category(s)
    assert [c.category for c in counts] == list(AttendeeCategory.values)
    assert {c.category: c.count for c in counts}[AttendeeCategory.MEMBER_UNIT] == 1
    assert {c.category: c.count for c in counts}[AttendeeCategory.OTHER] == 1
    assert selectors.attendance_total(counts) == 2


def test_sign_in_refuses_another_subdistrict_and_staff_out_of_scope(world: World) -> None:
    s = session_of(world, meeting(world))
    with pytest.raises(ValidationError):
        services.sign_in(session=s, person=world.people["quyang_resident"], method="qr")
    with pytest.raises(Forbidden):
        services.staff_sign_in(actor=actor(world, "jiachun"), session=s, person=world.people["worker"])
    assert not Attendance.objects.exists()


def test_sign_out(world: World) -> None:
    union = actor(world, "union")
    cls = services.activity_create(actor=union, kind="class", title="培训班", organiser=world.office)
    s = session_of(world, cls)
    worker = world.people["worker"]
    with pytest.raises(ValidationError):
        services.sign_out(session=s, person=worker)
    services.sign_in(session=s, person=worker, method="qr")
    out = services.sign_out(session=s, person=worker)
    assert out.signed_out_at is not None
    later = services.sign_out(session=s, person=worker, at=timezone.now() + dt.timedelta(hours=1))
    assert later.signed_out_at == out.signed_out_at
    no_out = session_of(world, meeting(world))
    services.sign_in(session=no_out, person=worker, method="qr")
    with pytest.raises(ValidationError):
        services.sign_out(session=no_out, person=worker)


def test_attendance_by_category_is_one_query(world: World, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    s = session_of(world, meeting(world))
    with django_assert_num_queries(1):
        counts = selectors.attendance_by_category(s)
    assert selectors.attendance_total(counts) == 0 and len(counts) == len(AttendeeCategory.values)


def test_sign_with_token_in_repeat_out_and_another_sessions_token(world: World) -> None:
    from jiedao.activities import qr

    cls = services.activity_create(actor=actor(world, "union"), kind="class", title="培训班", organiser=world.office)
    s = session_of(world, cls)
    other = session_of(world, meeting(world, title="另一场"))
    worker = world.people["worker"]
    with pytest.raises(qr.TokenError) as refused:
        services.sign_with_token(session=s, person=worker, token=qr.issue(other.pk))
    assert refused.value.code == "token_wrong_session" and not Attendance.objects.exists()
    first, outcome = services.sign_with_token(session=s, person=worker, token=qr.issue(s.pk))
    assert outcome == services.Outcome.NEW and first.method == Attendance.Method.QR
    again, outcome = services.sign_with_token(session=s, person=worker, token=qr.issue(s.pk))
    assert outcome == services.Outcome.REPEAT and again.pk == first.pk
    out, outcome = services.sign_with_token(session=s, person=worker, token=qr.issue(s.pk, qr.Mode.OUT))
    assert outcome == services.Outcome.OUT and out.pk == first.pk and out.signed_out_at is not None
    assert Attendance.objects.count() == 1


def test_activity_update_refuses_another_kind(world: World) -> None:
    m = meeting(world)
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            actor=actor(world, "admin"), activity=m, kind="class", title="改", organiser=world.office
        )
    assert "kind" in refused.value.message_dict
    m.refresh_from_db()
    assert m.kind == Activity.Kind.MEETING and m.title != "改"


def test_changes_are_audited_as_old_and_new_values(world: World) -> None:
    union = actor(world, "union")
    m = meeting(world)
    services.activity_update(actor=union, activity=m, kind="meeting", title="改名", organiser=world.office)
    entry = AuditEntry.objects.get(object_type="activities.activity", action=AuditEntry.Action.UPDATE)
    assert entry.detail == {"changes": {"title": ["街道与工会联席会议", "改名"]}}
    reg = services.invite(actor=union, activity=m, person=world.people["worker"])
    services.registration_set_status(actor=union, registration=reg, status=Registration.Status.DECLINED)
    services.invite(actor=union, activity=m, person=world.people["worker"])  # invited again
    details = [
        e.detail
        for e in AuditEntry.objects.filter(
            object_type="activities.registration", action=AuditEntry.Action.UPDATE
        ).order_by("pk")
    ]
    assert details == [
        {"changes": {"status": ["invited", "declined"]}},
        {"changes": {"status": ["declined", "invited"]}, "activity": m.pk},
    ]


def test_a_scan_without_a_person_is_a_conflict(world: World) -> None:
    from jiedao.activities import qr
    from jiedao.core.errors import Conflict

    s = session_of(world, meeting(world))
    with pytest.raises(Conflict) as refused:
        services.scan_sign_in(actor=actor(world, "union"), session=s, token=qr.issue(s.pk))
    assert refused.value.code == "no_person" and not Attendance.objects.exists()
    attendance, outcome = services.scan_sign_in(actor=actor(world, "worker"), session=s, token=qr.issue(s.pk))
    assert outcome == services.Outcome.NEW and attendance.person == world.people["worker"]
