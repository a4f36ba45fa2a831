"""The generated residents: deterministic, well-formed and covering the newsletter's groups."""

from collections import Counter

import pytest

from jiedao.core.validators import parse_credit_code, parse_id_number, parse_phone
from jiedao.demo import data
from jiedao.demo.generate import ResidentSpec, age_on, credit_code, organisation_code, residents


@pytest.fixture(scope="module")
def crowd() -> list[ResidentSpec]:
    return residents(data.DEFAULT_RESIDENTS)


def test_the_same_seed_gives_the_same_residents_and_a_smaller_run_is_a_prefix(crowd: list[ResidentSpec]) -> None:
    assert residents(300) == crowd[:300]
    assert residents(10, seed=1) != crowd[:10]


def test_every_id_number_is_unique_well_formed_and_matches_gender_and_birth_years(crowd: list[ResidentSpec]) -> None:
    numbers = [r.id_number for r in crowd]
    assert len(set(numbers)) == len(numbers)
    for r in crowd:
        parsed = parse_id_number(r.id_number)
        assert parsed.gender == r.gender
        assert 1950 <= parsed.birth_date.year <= 2004
        assert r.id_number[:2] == "31"  # Shanghai household registrations


def test_it_includes_numbers_that_stdnum_would_wrongly_reject(crowd: list[ResidentSpec]) -> None:
    # 浦东新区 (created 1993) numbers of people born before 1993 are genuine.
    assert any(r.id_number.startswith("310115") and int(r.id_number[6:10]) < 1993 for r in crowd)


def test_phones_are_valid_mainland_mobiles_or_absent(crowd: list[ResidentSpec]) -> None:
    with_phone = [r.phone for r in crowd if r.phone]
    assert len(with_phone) > 0.85 * len(crowd)
    assert all(parse_phone(p) == p and p[:2] in {"13", "15", "18"} for p in with_phone)


def test_the_crowd_covers_the_newsletters_groups(crowd: list[ResidentSpec]) -> None:
    roles = Counter(role for r in crowd for role in r.roles)
    assert roles["is_job_seeker"] >= 45  # the dried-flower class had 45 job seekers
    assert sum(1 for r in crowd if r.party_category) >= 20  # 20+ 三新 party members
    assert {r.party_category for r in crowd} >= {"new_economic", "new_social", "new_employment"}
    assert roles["is_worker"] > roles["is_union_member"] > 0
    assert roles["is_volunteer"] > 0 and roles["is_party_member"] > 0
    assert {r.area for r in crowd} == {*data.REAL_AREAS, *(name for name, _ in data.DEMO_AREAS)}


def test_roles_are_consistent_with_age_and_employment(crowd: list[ResidentSpec]) -> None:
    headcount = {u.name: u.headcount for u in data.UNITS}
    employed = Counter(r.employer for r in crowd if r.employer)
    employed.update(p.employer for p in data.PERSONAS.values() if p.employer)
    assert all(n <= headcount[name] for name, n in employed.items())
    for r in crowd:
        age = age_on(parse_id_number(r.id_number).birth_date, data.REFERENCE_DATE)
        if r.roles & {"is_worker", "is_job_seeker"}:
            assert 18 <= age < 60
        assert not ({"is_worker", "is_job_seeker"} <= r.roles)
        assert not r.employer or "is_worker" in r.roles
        assert not r.party_category or "is_party_member" in r.roles


def test_no_resident_is_a_namesake_of_an_official(crowd: list[ResidentSpec]) -> None:
    names = {r.name for r in crowd}
    assert names.isdisjoint(data.OFFICIALS) and names.isdisjoint(data.AVOID_NAMES)


def test_organisation_code_check_character_matches_a_real_code() -> None:
    # 600037341 is the organisation code inside stdnum's sample USCC 91110000600037341L.
    assert organisation_code("60003734") == "600037341"


def test_every_enterprise_gets_a_distinct_well_formed_credit_code() -> None:
    codes = [credit_code(u) for u in data.UNITS if u.kind == "enterprise"]
    assert len(set(codes)) == len(codes)
    assert all(parse_credit_code(code) == code and code[2:8] == "310109" for code in codes)
