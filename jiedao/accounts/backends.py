"""The password backend, reading a session's user with their sub-district and today's
role assignments in one statement (``accounts.identity``) instead of the ORM's ``get``."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from jiedao.accounts import identity
from jiedao.accounts.models import User

PATH = "jiedao.accounts.backends.UserBackend"


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = identity.by_user_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
