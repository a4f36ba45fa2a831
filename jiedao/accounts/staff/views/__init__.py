"""The staff pages: the admin's management of staff accounts (``manage``), and the
public pages a one-time link opens or asks for (``links``)."""

from jiedao.accounts.staff.views.links import invitation, password_reset, password_reset_confirm
from jiedao.accounts.staff.views.manage import (
    staff_deactivate,
    staff_detail,
    staff_invite,
    staff_list,
    staff_new,
    staff_reactivate,
    staff_role_end,
    staff_sign_out,
)

__all__ = [
    "invitation",
    "password_reset",
    "password_reset_confirm",
    "staff_deactivate",
    "staff_detail",
    "staff_invite",
    "staff_list",
    "staff_new",
    "staff_reactivate",
    "staff_role_end",
    "staff_sign_out",
]
