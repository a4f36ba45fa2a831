"""The core steps of the demo: the org tree, the units, the people and the logins.

Every row is validated by the service that validates it everywhere else
(``org.services.*_values``, ``people.services.person_values``) before it is inserted.
"""

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.demo import data
from jiedao.demo.generate import ResidentSpec, credit_code, residents
from jiedao.demo.loader import DemoContext, Login, demo_step
from jiedao.org.models import Grid, ResidentialArea, Unit
from jiedao.org.services import area_values, grid_values, unit_values
from jiedao.people.models import Person
from jiedao.people.services import id_number_hash, person_values
from jiedao.residents.codes import phone_hash

BATCH = 500


def _batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@demo_step("areas")
def load_areas(ctx: DemoContext) -> None:
    """The 27 residential areas (秀苑 and 中虹 real, the others invented) and their grids."""
    sd = ctx.subdistrict
    areas = {a.name: a for a in ResidentialArea.objects.filter(subdistrict=sd)}
    grids = {(g.residential_area_id, g.name): g for g in Grid.objects.filter(subdistrict=sd)}
    specs = [(name, "", False) for name in data.REAL_AREAS] + [(n, addr, True) for n, addr in data.DEMO_AREAS]
    for index, (name, address, is_demo) in enumerate(specs):
        area = areas.get(name)
        if area is None:
            values = area_values(subdistrict_id=sd.pk, name=name, address=address)
            area = ResidentialArea.objects.create(subdistrict=sd, is_demo=is_demo, **values)
            ctx.count(area)
        ctx.areas[name] = area
        for grid_name in data.GRID_NAMES[: data.grid_count(index, name)]:
            grid = grids.get((area.pk, grid_name))
            if grid is None:
                values = grid_values(subdistrict_id=sd.pk, residential_area=area, name=grid_name)
                grid = Grid.objects.create(subdistrict=sd, **values)
                ctx.count(grid)
            ctx.grids[(name, grid_name)] = grid


@demo_step("units", after=("areas",))
def load_units(ctx: DemoContext) -> None:
    """Offices, member enterprises, the training school and invented enterprises.
    Every credit code is fictional (see ``generate.credit_code``), real unit or not."""
    sd = ctx.subdistrict
    units = {u.name: u for u in Unit.objects.filter(subdistrict=sd)}
    for spec in data.UNITS:
        unit = units.get(spec.name)
        if unit is None:
            grid = ctx.grids[(spec.area, data.GRID_NAMES[spec.grid])] if spec.area else None
            values = unit_values(
                subdistrict_id=sd.pk,
                name=spec.name,
                kind=spec.kind,
                credit_code=credit_code(spec),
                grid=grid,
                headcount=spec.headcount,
            )
            unit = Unit.objects.create(subdistrict=sd, is_demo=spec.is_demo, **values)
            ctx.count(unit)
        ctx.units[spec.name] = unit


def _values(ctx: DemoContext, spec: data.PersonSpec | ResidentSpec) -> dict[str, Any]:
    return person_values(
        subdistrict_id=ctx.subdistrict.pk,
        name=spec.name,
        id_number=spec.id_number,
        gender=spec.gender,
        phone=spec.phone,
        residential_area=ctx.areas[spec.area] if spec.area else None,
        employer=ctx.units[spec.employer] if spec.employer else None,
        roles=spec.roles,
        party_category=spec.party_category,
        party_branch=spec.party_branch,
    )


def _add_people(ctx: DemoContext, specs: Sequence[data.PersonSpec | ResidentSpec]) -> None:
    """Insert the people not registered yet (looked up by ID-number hash), each validated
    by ``person_values``, in batches. Generated numbers are already in canonical form, so
    hashing them as they are finds the rows a previous run stored; skipping validation of
    those keeps a re-run fast."""
    for batch in _batches(specs):
        hashes = [id_number_hash(spec.id_number) for spec in batch]
        found = set(
            Person.objects.filter(subdistrict=ctx.subdistrict, id_number_hash__in=hashes).values_list(
                "id_number_hash", flat=True
            )
        )
        new = [Person(**_values(ctx, spec)) for spec, h in zip(batch, hashes, strict=True) if h not in found]
        Person.objects.bulk_create(new)
        ctx.count(Person, len(new))


@demo_step("people", after=("units",))
def load_named_people(ctx: DemoContext) -> None:
    """The officials of the newsletter (posts in ``data.OFFICIALS``) and the personas
    behind the resident logins; ``ctx.people`` has officials by name, personas by key."""
    specs: dict[str, data.PersonSpec] = {name: o.person for name, o in data.OFFICIALS.items()} | data.PERSONAS
    _add_people(ctx, list(specs.values()))
    hashes = {key: id_number_hash(spec.id_number) for key, spec in specs.items()}
    found = {
        p.id_number_hash: p
        for p in Person.objects.filter(subdistrict=ctx.subdistrict, id_number_hash__in=hashes.values())
    }
    ctx.people.update({key: found[h] for key, h in hashes.items()})


@demo_step("residents", after=("people",))
def load_residents(ctx: DemoContext) -> None:
    """The fictional residents (``--residents``), deterministic for a given count."""
    _add_people(ctx, residents(ctx.residents))


def _scope(ctx: DemoContext, spec: data.AccountSpec) -> tuple[ResidentialArea | None, Unit | None, str]:
    area = ctx.areas[spec.area] if spec.area else None
    unit = ctx.units[spec.unit] if spec.unit else None
    scope = area or unit
    return area, unit, str(scope) if scope else ""


def _describe(ctx: DemoContext, spec: data.AccountSpec, scope: str) -> str:
    role = str(Role(spec.role).label)
    if spec.superuser:
        return _("%(role)s（也是 Django 超级用户，可进入 /admin/）") % {"role": role}
    if spec.person:
        person = ctx.people[spec.person]
        facts = [person.residential_area.name] if person.residential_area else []
        facts.append("、".join(person.role_labels))
        return _("%(role)s · %(name)s（%(facts)s）") % {"role": role, "name": person.name, "facts": "，".join(facts)}
    return f"{role} · {scope}" if scope else role


def _give_phone(user: User, number: str) -> None:
    """A demo resident signs in by SMS with the number of their registry record (``make
    run`` prints the code). Left alone when the account has a number or another has this one."""
    if not number or user.phone_hash or User.objects.filter(phone_hash=phone_hash(number)).exists():
        return
    user.phone, user.phone_hash = number, phone_hash(number)
    user.save(update_fields=["phone", "phone_hash"])


@demo_step("accounts", after=("people", "residents"))
def load_accounts(ctx: DemoContext) -> None:
    """The demo logins, all with the password ``data.PASSWORD``."""
    sd = ctx.subdistrict
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in data.ACCOUNTS])}
    password: str | None = None
    for spec in data.ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            # Hashed once for all accounts: a slow hash per account would take seconds,
            # and the demo password is public anyway.
            password = password or make_password(data.PASSWORD)
            user = User.objects.create(
                username=spec.username,
                display_name=spec.display_name,
                subdistrict=sd,
                password=password,
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
            )
            ctx.count(user)
        elif user.subdistrict_id != sd.pk:
            ctx.warnings.append(
                _("用户名“%(u)s”已被不属于%(sd)s的账号占用，未创建该演示账号。") % {"u": spec.username, "sd": sd.name}
            )
            continue
        area, unit, scope = _scope(ctx, spec)
        ctx.get_or_create(RoleAssignment, subdistrict=sd, user=user, role=spec.role, residential_area=area, unit=unit)
        if spec.person:
            person = ctx.people[spec.person]
            if person.user_id is None:
                person.user = user
                person.save(update_fields=["user"])
            _give_phone(user, person.phone)
        ctx.users[spec.username] = user
        ctx.logins.append(Login(spec.username, _describe(ctx, spec, scope)))
