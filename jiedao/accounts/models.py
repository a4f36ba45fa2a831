import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.core.fields import EncryptedTextField
from jiedao.org.models import ResidentialArea, Subdistrict, TenantOwned, Unit

# A change to any of these ends the user's sessions and API tokens: a new password, or
# losing a flag (deactivated, no longer admin-site staff or superuser). Losing a role
# assignment does too (``accounts.signals``). See docs/security.md.
CREDENTIAL_FIELDS = ("password", "is_active", "is_staff", "is_superuser")


def new_security_stamp() -> str:
    return secrets.token_hex(16)


def _revoke_tokens(**users: Any) -> None:
    ApiToken.objects.filter(revoked_at__isnull=True, **users).update(revoked_at=timezone.now())


def end_sessions_and_tokens(users: "models.QuerySet[User]") -> str:
    """End every session and API token of ``users``: their tokens are revoked, and a
    new security stamp (returned) fails the hash of every session signed in before."""
    stamp = new_security_stamp()
    users.update(security_stamp=stamp)  # UserQuerySet.update revokes the tokens
    return stamp


class UserQuerySet(models.QuerySet["User"]):
    def update(self, **kwargs: Any) -> int:
        """A bulk write of a credential (``update()``, ``bulk_update()``) ends the users'
        sessions and tokens. It cannot tell a deactivation from a reactivation: either does."""
        if "security_stamp" not in kwargs and set(CREDENTIAL_FIELDS).isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            _revoke_tokens(user__in=self)  # before the filter may match no more (is_active=True)
            return super().update(**{"security_stamp": new_security_stamp(), **kwargs})


if TYPE_CHECKING:
    _DjangoUserManager = DjangoUserManager["User"]
else:  # not subscriptable at run time
    _DjangoUserManager = DjangoUserManager


class UserManager(_DjangoUserManager):
    """Django's, over ``UserQuerySet``."""

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)


class User(AbstractUser):
    """A login. Staff and residents alike belong to one sub-district (superusers may not)."""

    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("街道")
    )
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    # The mobile number the account signs in with (residents) or gets its invitation and
    # password reset by (staff). Encrypted; ``phone_hash`` (a keyed hash) finds it, and one
    # number belongs to one account.
    phone = EncryptedTextField(_("手机号"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Folded into the session hash: a new stamp ends every session signed in before it.
    security_stamp = models.CharField(max_length=32, default=new_security_stamp, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined,misc]
        constraints = [
            models.UniqueConstraint(
                fields=["phone_hash"], condition=~models.Q(phone_hash=""), name="user_unique_phone"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_session_auth_hash(self) -> str:
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | bytes) -> str:
        key_salt = "jiedao.accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.security_stamp}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def check_password(self, raw_password: str) -> bool:
        """Django's, but the stronger hash of the same password that it saves at a
        sign-in (a new hasher or iteration count, after an upgrade) is no new password:
        it is saved past ``save``'s check, so the user's API tokens live on. Sessions
        signed in before still end, as with Django's own users: the hash is in them."""

        def upgrade_hash(raw: str) -> None:
            self.set_password(raw)
            self._password = None  # as Django's: no new password for the validators either
            super(User, self).save(update_fields=["password"])

        return check_password(raw_password, self.password, upgrade_hash)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A save that changes a credential (``CREDENTIAL_FIELDS``, compared with the
        stored row: one query) ends the user's sessions and tokens, whoever saves: a
        page, the admin site, ``set_password()`` and ``save()`` in a shell. A save
        that leaves them out of ``update_fields`` (``last_login``) costs nothing more."""
        update_fields = kwargs.get("update_fields")
        if self._state.adding or (update_fields is not None and set(CREDENTIAL_FIELDS).isdisjoint(update_fields)):
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            # Locked until the end of the save: a stamp rotated meanwhile (a role revoked)
            # is read here, not overwritten with the one this copy was loaded with.
            stored = (
                User.objects.select_for_update().filter(pk=self.pk).values(*CREDENTIAL_FIELDS, "security_stamp").first()
            )
            if stored is not None and self._credentials_lapse(stored):
                self.security_stamp = new_security_stamp()
                _revoke_tokens(user=self)
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "security_stamp"}
            elif stored is not None:
                # A copy loaded before a role was revoked must not bring the old stamp back.
                self.security_stamp = stored["security_stamp"]
            super().save(*args, **kwargs)

    def _credentials_lapse(self, stored: dict[str, Any]) -> bool:
        if self.password != stored["password"]:
            return True
        return any(stored[flag] and not getattr(self, flag) for flag in CREDENTIAL_FIELDS[1:])


class Role(models.TextChoices):
    SUBDISTRICT_ADMIN = "subdistrict_admin", _("街道管理员")
    PARTY_OFFICE = "party_office", _("党建办")
    PARTY_MASS_CENTRE = "party_mass_centre", _("党群服务中心")
    LABOUR_OFFICE = "labour_office", _("劳动保障事务所/社区受理中心")
    UNION_FEDERATION = "union_federation", _("街道总工会")
    AREA_UNION_CHAIR = "area_union_chair", _("居民区工会主席")
    ENTERPRISE_UNION_CHAIR = "enterprise_union_chair", _("企业工会主席")
    COUNSELLOR = "counsellor", _("心理咨询师")
    # May read a counselling record after stating a reason (every read audited).
    COUNSELLING_SUPERVISOR = "counselling_supervisor", _("心理督导")
    TRAINING_PROVIDER = "training_provider", _("培训机构")
    # Legal aid for workers (the union federation's): handlers read the cases assigned to
    # them, the supervisor assigns cases and reads them all (every read audited).
    LEGAL_AID_HANDLER = "legal_aid_handler", _("法律援助承办人")
    LEGAL_AID_SUPERVISOR = "legal_aid_supervisor", _("法律援助督导")
    RESIDENT = "resident", _("居民")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self) -> "RoleAssignmentQuerySet":
        """Assignments held today: without an end date, or ending today or later."""
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=timezone.localdate()))

    def update(self, **kwargs: Any) -> int:
        """A bulk change of assignments (``update()``, ``bulk_update()``) ends their users'
        sessions and tokens, as a changed or deleted row does (``accounts.signals``)."""
        with transaction.atomic(using=self.db):
            # Before the update: its filter may match no more rows after it.
            end_sessions_and_tokens(User.objects.filter(pk__in=self.values("user_id")))
            return super().update(**kwargs)


RoleAssignmentManager = models.Manager.from_queryset(RoleAssignmentQuerySet)


class RoleAssignment(TenantOwned):
    """(user, role, scope). The scope is the whole sub-district, one residential
    area or one unit; which one a role takes is fixed by ``SCOPE_OF_ROLE``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    residential_area = models.ForeignKey(
        ResidentialArea, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("居民区")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("单位"))
    # The last day the role is held (a term of office, a stand-in); from the next day the
    # assignment counts no more (``actor_for``). Empty: until revoked.
    ends_on = models.DateField(_("任期至"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar["RoleAssignmentManager[RoleAssignment]"] = RoleAssignmentManager()

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = pgettext_lazy("plural", "角色分配")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="area_union_chair", residential_area__isnull=False, unit__isnull=True)
                    | models.Q(
                        role__in=["enterprise_union_chair", "training_provider"],
                        unit__isnull=False,
                        residential_area__isnull=True,
                    )
                    | (
                        ~models.Q(role__in=["area_union_chair", "enterprise_union_chair", "training_provider"])
                        & models.Q(residential_area__isnull=True, unit__isnull=True)
                    )
                ),
                name="role_assignment_scope_matches_role",
            ),
            # One constraint per kind of scope: NULLs never compare equal in a
            # plain unique index, and SQLite has no NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(residential_area__isnull=True, unit__isnull=True),
                name="role_assignment_unique_subdistrict_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "residential_area"],
                condition=models.Q(residential_area__isnull=False),
                name="role_assignment_unique_area_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="role_assignment_unique_unit_scope",
            ),
        ]

    def __str__(self) -> str:
        scope = self.residential_area or self.unit or self.subdistrict
        return f"{self.user} · {self.get_role_display()} · {scope}"


SCOPE_OF_ROLE: dict[str, str] = {
    Role.AREA_UNION_CHAIR: "residential_area",
    Role.ENTERPRISE_UNION_CHAIR: "unit",
    Role.TRAINING_PROVIDER: "unit",
}


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("令牌前8位，便于辨认"))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = pgettext_lazy("plural", "API 令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
