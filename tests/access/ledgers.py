"""Access rows of the ledger centre (``jiedao/ledgers``).

The page is for staff who read at least one ledger (the others, and residents, 403);
a download of a ledger the persona may not read is 404, like a key that does not
exist. The other sub-district's admin reads every ledger of their own sub-district.
"""

from tests.access.common import OFFICES, STAFF_ANYWHERE, Case, Target

# Staff who read at least one ledger: every office, the union chairs (union statistics,
# dues, legal-aid aggregates), the legal-aid staff and the counselling supervisor.
READERS = STAFF_ANYWHERE - {"counsellor", "lixiang"}
# Who reads the joint meeting's attendance: the offices of the sub-district.
MEETING_READERS = OFFICES | {"other_admin"}
MEETINGS = {"key": "meetings.attendance", "year": 2020, "month": ""}

PAGES = {
    "ledgers:index": Case(targets=[Target(READERS)]),
    "ledgers:export": Case("post", [Target(MEETING_READERS, data=lambda w: MEETINGS, status=302)], gate=READERS),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/ledgers"): Case(targets=[Target(STAFF_ANYWHERE)]),
    ("GET", "/ledgers/{pk}.xlsx"): Case(
        targets=[Target(MEETING_READERS, lambda w: {"pk": "meetings.attendance"})], gate=STAFF_ANYWHERE
    ),
}
