"""Business operations of the party programme: keyword-only functions, each in a
transaction and audited. Party facts never go into the audit log (offices of
every kind read it): only which fields changed."""

from jiedao.party.services.branches import (
    branch_create,
    branch_set_secretary,
    branch_update,
    branch_values,
    committee_add,
    committee_remove,
)
from jiedao.party.services.lectures import (
    lecture_create,
    lecture_invite_branch,
    lecture_invite_branches,
    lecture_values,
)
from jiedao.party.services.members import (
    member_enrol,
    member_read,
    member_transfer_out,
    member_update,
    member_values,
    require_manager,
    rules_update,
    target_set,
)
from jiedao.party.services.onboarding import remind
from jiedao.party.services.study import NotAMember, entry_review, entry_submit, external_create

__all__ = [
    "NotAMember",
    "branch_create",
    "branch_set_secretary",
    "branch_update",
    "branch_values",
    "committee_add",
    "committee_remove",
    "entry_review",
    "entry_submit",
    "external_create",
    "lecture_create",
    "lecture_invite_branch",
    "lecture_invite_branches",
    "lecture_values",
    "member_enrol",
    "member_read",
    "member_transfer_out",
    "member_update",
    "member_values",
    "remind",
    "require_manager",
    "rules_update",
    "target_set",
]
