from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.org.models import ResidentialArea, Subdistrict, TenantOwned, Unit


class User(AbstractUser):
    """A login. Staff and residents alike belong to one sub-district (superusers may not)."""

    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("街道")
    )
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


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
    RESIDENT = "resident", _("居民")


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
    created_at = models.DateTimeField(auto_now_add=True)

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
