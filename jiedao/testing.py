"""The test world: two sub-districts and the named personas of the Liangcheng
Xincun demo, built the same way for every test (see ``conftest.py``).

Personas (all with password ``PASSWORD``):
  admin       sub-district admin of 凉城新村街道
  union       街道总工会 (union federation)
  labour      劳动保障事务所 (labour office)
  xiuyuan     union chair of 秀苑居民区
  zhonghong   union chair of 中虹居民区
  jiachun     union chair of the enterprise 上海嘉春装饰设计工程有限公司
  counsellor  a counsellor
  supervisor  a counselling supervisor (reads a record only after stating a reason)
  worker      a worker living in 秀苑 (a resident)
  jobseeker   a job seeker living in 中虹 (a resident)
  other_admin sub-district admin of 曲阳路街道 (another tenant)
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpResponse

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.core.validators import build_credit_code, build_id_number
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit
from jiedao.people.models import Person
from jiedao.people.services import person_values

if TYPE_CHECKING:
    # What Django's test client answers: the response with the client's additions
    # (``json()``, ``context``, ``templates``, ``redirect_chain``). django-stubs names
    # it privately and for type checking only; at run time it is an HttpResponse.
    from django.test.client import _MonkeyPatchedWSGIResponse

    ClientResponse: TypeAlias = _MonkeyPatchedWSGIResponse
else:
    ClientResponse = HttpResponse

PASSWORD = "jiedao2020"
_sequence = itertools.count(101)


def make_subdistrict(name: str = "凉城新村街道", code: str = "310109016") -> Subdistrict:
    return Subdistrict.objects.create(name=name, code=code, district_name="虹口区", district_code=code[:6])


def make_area(subdistrict: Subdistrict, name: str) -> ResidentialArea:
    return ResidentialArea.objects.create(subdistrict=subdistrict, name=name)


def make_unit(subdistrict: Subdistrict, name: str, kind: str = Unit.Kind.ENTERPRISE, **extra: Any) -> Unit:
    if kind == Unit.Kind.ENTERPRISE and "credit_code" not in extra:
        extra["credit_code"] = build_credit_code(f"91310109MA1G{next(_sequence):05d}")
    return Unit.objects.create(subdistrict=subdistrict, name=name, kind=kind, **extra)


def make_id_number(*, birth: dt.date | None = None, male: bool = True) -> str:
    """A fresh well-formed number: 500 per birth date, the date moving on after that."""
    n = next(_sequence)
    birth = birth or dt.date(1960, 1, 1) + dt.timedelta(days=n // 500)
    return build_id_number("310109", birth, n % 500 * 2 + (1 if male else 0))


def numbered(prefix: str, n: int, width: int = 0) -> str:
    """A name for the n-th of many test people: a name holds no digits
    (``people.names``), so the number is in Chinese numerals (来访者一〇二)."""
    return prefix + "".join("〇一二三四五六七八九"[int(d)] for d in str(n).zfill(width))


def make_person(
    subdistrict: Subdistrict,
    name: str,
    *,
    area: ResidentialArea | None = None,
    employer: Unit | None = None,
    roles: set[str] | frozenset[str] = frozenset({"is_worker"}),
    phone: str = "13812345678",
    id_number: str | None = None,
    user: User | None = None,
    **extra: Any,
) -> Person:
    values = person_values(
        subdistrict_id=subdistrict.pk,
        name=name,
        id_number=id_number or make_id_number(),
        phone=phone,
        residential_area=area,
        employer=employer,
        roles=roles,
        **extra,
    )
    return Person.objects.create(user=user, **values)


# Where a role applies: the whole sub-district (None), a residential area or a unit.
RoleScope: TypeAlias = ResidentialArea | Unit | None


def make_user(subdistrict: Subdistrict, username: str, *roles: tuple[str, RoleScope], **extra: Any) -> User:
    """``roles`` are (role, scope) pairs; the scope is None, an area or a unit."""
    user = User.objects.create_user(username=username, password=PASSWORD, subdistrict=subdistrict, **extra)
    for role, scope in roles:
        RoleAssignment.objects.create(
            subdistrict=subdistrict,
            user=user,
            role=role,
            residential_area=scope if isinstance(scope, ResidentialArea) else None,
            unit=scope if isinstance(scope, Unit) else None,
        )
    return user


@dataclass
class World:
    liangcheng: Subdistrict
    quyang: Subdistrict
    xiuyuan: ResidentialArea
    zhonghong: ResidentialArea
    quyang_area: ResidentialArea
    grid: Grid
    jiachun: Unit
    gongzhi: Unit
    office: Unit
    school: Unit
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    # Objects a group of tests adds to this world once and then reuses, by a key of
    # its own (the access rows of a programme, say); each reader checks the type.
    extras: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    liangcheng = make_subdistrict()
    quyang = make_subdistrict("曲阳路街道", "310109010")
    xiuyuan = make_area(liangcheng, "秀苑")
    zhonghong = make_area(liangcheng, "中虹")
    quyang_area = make_area(quyang, "玉田")
    grid = Grid.objects.create(subdistrict=liangcheng, residential_area=xiuyuan, name="第一网格")
    jiachun = make_unit(liangcheng, "上海嘉春装饰设计工程有限公司", grid=grid, headcount=36)
    gongzhi = make_unit(liangcheng, "上海共志通信信息技术发展有限公司", headcount=58)
    office = make_unit(liangcheng, "街道总工会", kind=Unit.Kind.OFFICE)
    school = make_unit(liangcheng, "上海理想职业技能培训学校", kind=Unit.Kind.TRAINING_SCHOOL)
    w = World(liangcheng, quyang, xiuyuan, zhonghong, quyang_area, grid, jiachun, gongzhi, office, school)

    w.users = {
        "admin": make_user(liangcheng, "admin", (Role.SUBDISTRICT_ADMIN, None)),
        "union": make_user(liangcheng, "union", (Role.UNION_FEDERATION, None)),
        "labour": make_user(liangcheng, "labour", (Role.LABOUR_OFFICE, None)),
        "party": make_user(liangcheng, "party", (Role.PARTY_OFFICE, None)),
        "centre": make_user(liangcheng, "centre", (Role.PARTY_MASS_CENTRE, None)),
        "xiuyuan": make_user(liangcheng, "xiuyuan", (Role.AREA_UNION_CHAIR, xiuyuan)),
        "zhonghong": make_user(liangcheng, "zhonghong", (Role.AREA_UNION_CHAIR, zhonghong)),
        "jiachun": make_user(liangcheng, "jiachun", (Role.ENTERPRISE_UNION_CHAIR, jiachun)),
        "counsellor": make_user(liangcheng, "counsellor", (Role.COUNSELLOR, None)),
        "supervisor": make_user(liangcheng, "supervisor", (Role.COUNSELLING_SUPERVISOR, None)),
        "lixiang": make_user(liangcheng, "lixiang", (Role.TRAINING_PROVIDER, school)),
        "handler": make_user(liangcheng, "handler", (Role.LEGAL_AID_HANDLER, None)),
        "legalsup": make_user(liangcheng, "legalsup", (Role.LEGAL_AID_SUPERVISOR, None)),
        "worker": make_user(liangcheng, "worker", (Role.RESIDENT, None)),
        "jobseeker": make_user(liangcheng, "jobseeker", (Role.RESIDENT, None)),
        "other_admin": make_user(quyang, "other_admin", (Role.SUBDISTRICT_ADMIN, None)),
    }
    w.people = {
        "worker": make_person(
            liangcheng,
            "王秀英",
            area=xiuyuan,
            employer=jiachun,
            user=w.users["worker"],
            roles={"is_worker", "is_union_member"},
            id_number=make_id_number(male=False),
        ),
        "jobseeker": make_person(
            liangcheng,
            "李建国",
            area=zhonghong,
            user=w.users["jobseeker"],
            roles={"is_job_seeker"},
            phone="13900001111",
        ),
        "party_member": make_person(
            liangcheng, "乐跃明", area=xiuyuan, roles={"is_party_member"}, party_category="new_social"
        ),
        "zhonghong_worker": make_person(liangcheng, "陈懿", area=zhonghong, employer=gongzhi),
        "quyang_resident": make_person(quyang, "赵曲阳", area=quyang_area),
    }
    return w
