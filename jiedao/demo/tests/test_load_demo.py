"""``manage.py load_demo``: the Liangcheng Xincun demo, loaded idempotently."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django import Settings

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.core.models import AuditEntry
from jiedao.core.validators import parse_credit_code, parse_id_number, parse_phone
from jiedao.demo import data, loader
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit
from jiedao.people.models import Person

MODELS = (Subdistrict, ResidentialArea, Grid, Unit, Person, User, RoleAssignment, AuditEntry)


@pytest.fixture
def debug(settings: Settings) -> None:
    settings.DEBUG = True


@pytest.fixture
def core_steps_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core steps alone: the programmes' demo steps add people of their own
    (meeting attendees, counsellors), which their own tests count."""
    loader.registered_steps()  # import every demo_steps module first, so none registers later
    core = {name: step for name, step in loader._STEPS.items() if step.run.__module__ == "jiedao.demo.demo_steps"}
    monkeypatch.setattr(loader, "_STEPS", core)


def load(residents: int = 40, **options: Any) -> str:
    out = StringIO()
    call_command("load_demo", residents=residents, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_loading_twice_changes_nothing(debug: None) -> None:
    """All steps, the programmes' too."""
    load()
    before = counts()
    people = list(Person.objects.values_list("pk", "id_number_hash", "user_id", "updated_at").order_by("pk"))

    output = load()

    assert counts() == before
    assert list(Person.objects.values_list("pk", "id_number_hash", "user_id", "updated_at").order_by("pk")) == people
    assert "未作改动" in output


@pytest.mark.django_db
def test_the_core_steps_register_the_residents_officials_and_personas(debug: None, core_steps_only: None) -> None:
    load()
    assert Person.objects.count() == 40 + len(data.OFFICIALS) + len(data.PERSONAS)


@pytest.mark.django_db
def test_a_later_run_completes_a_partial_load(debug: None, core_steps_only: None) -> None:
    load(residents=30)
    first = set(Person.objects.values_list("pk", flat=True))
    User.objects.filter(username="counsellor").delete()

    load(residents=60)

    assert first < set(Person.objects.values_list("pk", flat=True))
    assert Person.objects.count() == 60 + len(data.OFFICIALS) + len(data.PERSONAS)
    assert RoleAssignment.objects.filter(user__username="counsellor", role=Role.COUNSELLOR).count() == 1


@pytest.mark.django_db
def test_it_builds_27_residential_areas_with_two_or_three_grids_each(debug: None) -> None:
    load()
    sd = Subdistrict.objects.get(code="310109016")
    assert (sd.name, sd.district_code, sd.district_name) == ("凉城新村街道", "310109", "虹口区")
    areas = ResidentialArea.objects.filter(subdistrict=sd)
    assert areas.count() == 27
    assert set(areas.filter(is_demo=False).values_list("name", flat=True)) == {"秀苑", "中虹"}
    for area in areas:
        assert 2 <= area.grids.count() <= 3


@pytest.mark.django_db
def test_it_registers_the_units_the_newsletter_names(debug: None) -> None:
    load()
    real = {u.name: u for u in Unit.objects.filter(is_demo=False)}
    for office in ("党建办", "党群服务中心", "社区受理中心", "劳动保障事务所", "街道总工会"):
        assert real[office].kind == Unit.Kind.OFFICE
    for name in ("上海嘉春装饰设计工程有限公司", "上海共志通信信息技术发展有限公司"):
        assert real[name].kind == Unit.Kind.ENTERPRISE
        assert parse_credit_code(real[name].credit_code) == real[name].credit_code
    assert real["上海理想职业技能培训学校"].kind == Unit.Kind.TRAINING_SCHOOL

    demo = Unit.objects.filter(is_demo=True, kind=Unit.Kind.ENTERPRISE)
    assert demo.count() >= 15
    assert all(u.grid_id and u.headcount > 0 and parse_credit_code(u.credit_code) for u in demo)
    assert demo.values("grid__residential_area").distinct().count() >= 10  # spread over the areas


@pytest.mark.django_db
def test_it_registers_the_officials_the_newsletter_names(debug: None) -> None:
    load()
    officials = {p.name: p for p in Person.objects.filter(name__in=data.OFFICIALS)}
    assert set(officials) == {"乐跃明", "陈懿", "许军霞", "胡军", "黄守虎"}
    assert data.OFFICIALS["乐跃明"].post == "街道党工委书记"
    assert data.OFFICIALS["胡军"].level == "district"
    for name in ("乐跃明", "陈懿", "许军霞"):
        assert officials[name].is_party_member


@pytest.mark.django_db
def test_every_person_has_a_well_formed_id_number_matching_gender(debug: None) -> None:
    """All steps: the people the programmes invent are checked too."""
    load(residents=200)
    people = list(Person.objects.all())
    assert len(people) > 200 + len(data.OFFICIALS) + len(data.PERSONAS)
    for person in people:
        parsed = parse_id_number(person.id_number)
        assert (parsed.gender, parsed.birth_date) == (person.gender, person.birth_date)
        assert not person.phone or parse_phone(person.phone) == person.phone
    assert Person.objects.filter(is_worker=True, employer__isnull=False).exists()
    assert Person.objects.exclude(party_category="").filter(is_party_member=True).exists()


@pytest.mark.django_db
def test_the_demo_logins_work_with_the_demo_password(debug: None, client: Client) -> None:
    output = load()
    for account in data.ACCOUNTS:
        assert client.login(username=account.username, password="jiedao2020"), account.username
        assert account.username in output
        client.logout()
    assert "jiedao2020" in output

    client.login(username="admin", password="jiedao2020")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_demo_accounts_have_their_roles_and_scopes(debug: None) -> None:
    load()
    scope = {
        (ra.user.username, ra.role): ra.residential_area or ra.unit
        for ra in RoleAssignment.objects.select_related("user", "residential_area", "unit")
    }

    def name_of(place: ResidentialArea | Unit | None) -> str:
        assert place is not None
        return place.name

    assert name_of(scope[("xiuyuan", Role.AREA_UNION_CHAIR)]) == "秀苑"
    assert name_of(scope[("zhonghong", Role.AREA_UNION_CHAIR)]) == "中虹"
    assert name_of(scope[("jiachun", Role.ENTERPRISE_UNION_CHAIR)]) == "上海嘉春装饰设计工程有限公司"
    assert ("admin", Role.SUBDISTRICT_ADMIN) in scope and ("union", Role.UNION_FEDERATION) in scope
    assert User.objects.get(username="admin").is_superuser

    worker = Person.objects.get(user__username="worker")
    assert worker.residential_area is not None and worker.employer is not None
    assert worker.is_worker and worker.residential_area.name == "秀苑"
    assert worker.employer.name == "上海嘉春装饰设计工程有限公司"
    assert Person.objects.get(user__username="jobseeker").is_job_seeker


@pytest.mark.django_db
def test_it_refuses_to_run_with_debug_off(settings: Settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        load()
    assert not Subdistrict.objects.exists()


@pytest.mark.django_db
def test_it_runs_with_debug_off_when_forced(settings: Settings) -> None:
    settings.DEBUG = False
    load(force=True)
    assert ResidentialArea.objects.count() == 27


@pytest.mark.django_db
def test_a_programme_step_runs_after_the_core_steps_with_their_results(
    debug: None, core_steps_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def extra(ctx: loader.DemoContext) -> None:
        seen["units"] = len(ctx.units)
        seen["secretary"] = ctx.people["乐跃明"].name
        seen["users"] = set(ctx.users)

    monkeypatch.setitem(loader._STEPS, "extra", loader.Step("extra", ("accounts",), extra))
    load()
    assert seen == {"units": len(data.UNITS), "secretary": "乐跃明", "users": {a.username for a in data.ACCOUNTS}}


@pytest.mark.django_db
def test_a_failing_step_leaves_nothing_half_loaded(debug: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: loader.DemoContext) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(loader._STEPS, "broken", loader.Step("broken", ("accounts",), broken))
    with pytest.raises(RuntimeError):
        load()
    assert all(n == 0 for n in counts().values())


@pytest.mark.django_db
def test_a_username_taken_in_another_subdistrict_is_skipped_with_a_warning(debug: None) -> None:
    other = Subdistrict.objects.create(
        name="曲阳路街道", code="310109010", district_name="虹口区", district_code="310109"
    )
    User.objects.create_user(username="union", password="secret-elsewhere", subdistrict=other)
    err = StringIO()
    out = StringIO()
    call_command("load_demo", residents=10, stdout=out, stderr=err)
    assert "union" in err.getvalue()
    assert "  union " not in out.getvalue()  # not offered as a demo login
    assert not RoleAssignment.objects.filter(user__username="union").exists()
    assert User.objects.get(username="union").check_password("secret-elsewhere")


@pytest.mark.django_db
def test_one_audit_entry_records_the_load(debug: None) -> None:
    load()
    entry = AuditEntry.objects.get(object_type="demo")
    assert entry.action == AuditEntry.Action.IMPORT
    assert entry.detail["created"]["people.person"] == Person.objects.count()


def _step(name: str, *after: str) -> loader.Step:
    return loader.Step(name=name, after=after, run=lambda ctx: None)


def test_steps_run_after_what_they_declare_and_otherwise_by_name() -> None:
    steps = {s.name: s for s in (_step("b", "c"), _step("c"), _step("a"), _step("d", "a", "b"))}
    assert [s.name for s in loader.order_steps(steps)] == ["a", "c", "b", "d"]


def test_an_unknown_or_circular_dependency_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        loader.order_steps({"a": _step("a", "zzz")})
    with pytest.raises(ValueError, match="cycle"):
        loader.order_steps({"a": _step("a", "b"), "b": _step("b", "a")})
