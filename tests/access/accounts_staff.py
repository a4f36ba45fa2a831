"""Access rows of the staff account pages (``jiedao.accounts.staff``): only the
sub-district admin manages staff accounts, and only their own sub-district's; the pages
of the one-time links are public (the link is the key).

The account acted on is a newcomer of 凉城, not a persona: deactivating or signing out a
persona would change the answers the personas after it get."""

from typing import Any

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.accounts.staff.links import invitation_tokens, reset_tokens
from jiedao.testing import World, make_user
from tests.access.common import ADMINS, EVERYONE, Case, Target

NEWCOMER_NAME = "钱新来"


def newcomer(w: World) -> User:
    """A staff account of 凉城 that has not set its password yet, with two roles."""
    user = w.extras.get("staff_newcomer")
    if isinstance(user, User):
        return user
    user = make_user(w.liangcheng, "newcomer", (Role.COUNSELLOR, None), (Role.PARTY_OFFICE, None))
    user.display_name = NEWCOMER_NAME
    user.set_unusable_password()
    user.save()
    w.extras["staff_newcomer"] = user
    return user


def _newcomer_pk(w: World) -> dict[str, Any]:
    return {"pk": newcomer(w).pk}


def _second_role(w: World) -> dict[str, Any]:
    """The newcomer's second role (kept by id: the admin ends it, the others then try)."""
    if "staff_second_role" not in w.extras:
        w.extras["staff_second_role"] = RoleAssignment.objects.get(user=newcomer(w), role=Role.PARTY_OFFICE).pk
    return {"pk": w.extras["staff_second_role"]}


def _link(tokens: Any) -> Any:
    def kwargs(w: World) -> dict[str, Any]:
        user = User.objects.get(pk=newcomer(w).pk)  # the token is made from the stored row
        return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": tokens.make_token(user)}

    return kwargs


def _newcomer_name(w: World) -> str:
    newcomer(w)
    return NEWCOMER_NAME


def _posted(url_kwargs: Any = _newcomer_pk) -> Case:
    """A button on the account's page: back to it (302); the other sub-district's admin: 404."""
    return Case("post", [Target({"admin"}, url_kwargs, status=302)], gate=ADMINS)


PAGES = {
    # The other sub-district's admin opens the list but sees none of 凉城's accounts.
    "accounts:staff_list": Case(targets=[Target(ADMINS, leak=_newcomer_name, sees={"admin"})]),
    "accounts:staff_new": Case(targets=[Target(ADMINS)]),
    "accounts:staff_detail": Case(targets=[Target({"admin"}, _newcomer_pk, leak=_newcomer_name)], gate=ADMINS),
    "accounts:staff_deactivate": _posted(),
    "accounts:staff_reactivate": _posted(),
    "accounts:staff_invite": _posted(),
    "accounts:staff_sign_out": _posted(),
    "accounts:staff_role_end": _posted(_second_role),
    # A valid link: on to the form at an address without the token (302), for anyone.
    "accounts:invitation": Case(targets=[Target(EVERYONE, _link(invitation_tokens), status=302)]),
    "accounts:password_reset_confirm": Case(targets=[Target(EVERYONE, _link(reset_tokens), status=302)]),
    "accounts:password_reset": Case(targets=[Target(EVERYONE)]),
}
