"""Deterministic generation of the fictional parts of the demo: credit codes and residents.

Pure functions, no database. The same seed gives the same residents, and the first n
residents of a larger run are the residents of a run of n, so loading more residents
later completes a smaller load instead of replacing it.
"""

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

from jiedao.core.validators import build_credit_code, build_id_number
from jiedao.demo import data
from jiedao.org.models import Unit
from jiedao.people.models import PartyCategory

# GB 11714 organisation code: weights of the first 8 characters for the 9th (check) one.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def organisation_code(body: str) -> str:
    """Append the GB 11714 check character to an 8-character organisation code body."""
    total = sum(_ORG_ALPHABET.index(char) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(spec: data.UnitSpec) -> str:
    """A fictional but well-formed unified social credit code (GB 32100): registration
    authority and kind, the district's division code, an organisation code in the
    post-2015 ``MA`` range with its own check character, and the overall check character."""
    if not spec.org_serial:
        return ""
    org = organisation_code(f"MA1FL{spec.org_serial:03d}")
    return build_credit_code(f"{spec.registration}{data.SUBDISTRICT['district_code']}{org}")


@dataclass(frozen=True)
class ResidentSpec:
    name: str
    gender: str
    id_number: str
    phone: str
    area: str
    employer: str = ""
    roles: frozenset[str] = frozenset()
    party_category: str = ""
    party_branch: str = ""


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class _Generator:
    def __init__(self, seed: int, reserved_numbers: Iterable[str], reserved_names: Iterable[str]) -> None:
        self.rng = random.Random(seed)
        self.used_numbers = set(reserved_numbers)
        self.reserved_names = set(reserved_names)
        self.areas = [*data.REAL_AREAS, *(name for name, _ in data.DEMO_AREAS)]
        employers = [u for u in data.UNITS if u.kind in (Unit.Kind.ENTERPRISE, Unit.Kind.SOCIAL_ORGANISATION)]
        self.category = {u.name: u.party_category for u in employers}
        # Residents employed by a unit never outnumber its headcount (the personas count too).
        self.openings = {u.name: u.headcount for u in employers}
        for persona in data.PERSONAS.values():
            if persona.employer in self.openings:
                self.openings[persona.employer] -= 1
        self.surnames = [s for s, _ in data.SURNAMES]
        self.surname_weights = [w for _, w in data.SURNAMES]

    def birth_date(self) -> dt.date:
        first, last, _ = self.rng.choices(data.BIRTH_DECADES, weights=[w for *_, w in data.BIRTH_DECADES])[0]
        start = dt.date(first, 1, 1)
        days = (dt.date(last, 12, 31) - start).days
        return start + dt.timedelta(days=self.rng.randint(0, days))

    def name(self, gender: str, birth: dt.date) -> str:
        while True:
            surname = self.rng.choices(self.surnames, weights=self.surname_weights)[0]
            name = surname + self.rng.choice(data.GIVEN_NAMES[(birth.year < 1970, gender)])
            if name not in self.reserved_names:  # e.g. never a namesake of an official
                return name

    def id_number(self, gender: str, birth: dt.date) -> str:
        codes = [(code, weight) for code, weight, since in data.ADDRESS_CODES if birth.year >= since]
        address = self.rng.choices([c for c, _ in codes], weights=[w for _, w in codes])[0]
        while True:
            # Odd sequence codes are men's, even ones women's (GB 11643).
            sequence = 2 * self.rng.randint(1, 499) + (1 if gender == "M" else 0)
            number = build_id_number(address, birth, sequence)
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def phone(self) -> str:
        if self.rng.random() < 0.08:  # some older residents give no mobile number
            return ""
        return self.rng.choice(data.PHONE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"

    def employer(self) -> str:
        names = [name for name, left in self.openings.items() if left > 0]
        if not names:
            return ""
        name = self.rng.choices(names, weights=[self.openings[n] for n in names])[0]
        self.openings[name] -= 1
        return name

    def resident(self) -> ResidentSpec:
        rng = self.rng
        gender = rng.choice("MF")
        birth = self.birth_date()
        name = self.name(gender, birth)
        id_number = self.id_number(gender, birth)
        phone = self.phone()
        area = rng.choice(self.areas)
        age = age_on(birth, data.REFERENCE_DATE)
        working_age = 18 <= age < (60 if gender == "M" else 55)

        roles: set[str] = set()
        employer = ""
        if working_age and rng.random() < 0.6:
            roles.add("is_worker")
            # About half work for a unit of the sub-district; the others commute elsewhere.
            if rng.random() < 0.55:
                employer = self.employer()
            if rng.random() < (0.75 if employer else 0.35):
                roles.add("is_union_member")
        elif working_age and rng.random() < 0.22:
            roles.add("is_job_seeker")

        category = branch = ""
        if rng.random() < (0.12 if age >= 50 else 0.08):
            roles.add("is_party_member")
            if employer:
                category = self.category[employer]
            elif "is_worker" in roles and rng.random() < 0.25:
                category = PartyCategory.NEW_EMPLOYMENT.value  # couriers, riders, drivers
            branch = data.PARTY_BRANCHES[category] if category else data.area_party_branch(area)

        if rng.random() < (0.3 if "is_party_member" in roles else 0.15 if age >= 55 else 0.05):
            roles.add("is_volunteer")

        return ResidentSpec(
            name=name,
            gender=gender,
            id_number=id_number,
            phone=phone,
            area=area,
            employer=employer,
            roles=frozenset(roles),
            party_category=category,
            party_branch=branch,
        )


def named_people() -> list[data.PersonSpec]:
    """The officials and the personas: their numbers and names are kept out of the crowd."""
    return [official.person for official in data.OFFICIALS.values()] + list(data.PERSONAS.values())


def residents(count: int, *, seed: int = data.SEED) -> list[ResidentSpec]:
    named = named_people()
    generator = _Generator(seed, (p.id_number for p in named), [*(p.name for p in named), *data.AVOID_NAMES])
    return [generator.resident() for _ in range(count)]
