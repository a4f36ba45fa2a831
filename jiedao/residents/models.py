"""Resident accounts: the SMS codes they sign in with, and the details a resident not
yet in the registry files for the residential area's staff to confirm."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.core.fields import EncryptedTextField
from jiedao.org.models import ResidentialArea, TenantOwned


class CodePurpose(models.TextChoices):
    SIGN_IN = "sign_in", _("登录")
    # A fresh code before a sensitive action: one's own full ID number, records.
    STEP_UP = "step_up", _("身份确认")
    # Proves the new number is the resident's before the account moves to it.
    NEW_PHONE = "new_phone", _("更换手机号")


class PhoneCode(models.Model):
    """One code sent by SMS. Only a salted keyed hash of the code is kept. Not owned
    by a sub-district: a number is typed before anyone knows whose it is. Rows older
    than a day serve no limit and are deleted (``clean_phone_codes``)."""

    phone_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # Wrong codes typed against this one; at ``JIEDAO_SMS_CODE_TRIES`` it is void.
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["phone_hash", "created_at"]),
            models.Index(fields=["client_address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"


class PhoneLock(models.Model):
    """One row per number, locked while a code is sent to it: two requests at the same
    moment cannot both pass the per-number limits."""

    phone_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.phone_hash[:8]


class RegistryClaim(TenantOwned):
    """A resident who is not in the registry files their name, ID number and residential
    area; until the area's staff confirm it, the account stays unbound and no programme
    sees the details. Confirming creates the registry person and binds the account."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待核实")
        CONFIRMED = "confirmed", _("已核实")
        REJECTED = "rejected", _("未通过")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registry_claims", verbose_name=_("登录账号")
    )
    name = models.CharField(_("姓名"), max_length=64)
    id_number = EncryptedTextField(_("身份证号"))
    id_number_hash = models.CharField(max_length=64, editable=False)
    residential_area = models.ForeignKey(
        ResidentialArea, on_delete=models.PROTECT, related_name="registry_claims", verbose_name=_("居民区")
    )
    note = models.CharField(_("补充说明"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    reason = models.CharField(_("不通过的原因"), max_length=200, blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("人员")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("实名登记申请")
        verbose_name_plural = pgettext_lazy("plural", "实名登记申请")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="registry_claim_one_pending_per_user"
            ),
            models.UniqueConstraint(
                fields=["subdistrict", "id_number_hash"],
                condition=models.Q(status="pending"),
                name="registry_claim_one_pending_per_id_number",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="registry_claim_decided_when_not_pending",
            ),
        ]
        indexes = [models.Index(fields=["subdistrict", "status", "residential_area"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"
