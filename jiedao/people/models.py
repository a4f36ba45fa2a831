from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.core.fields import EncryptedTextField
from jiedao.core.validators import mask_id_number, mask_phone
from jiedao.org.models import ResidentialArea, TenantOwned, Unit


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class PartyCategory(models.TextChoices):
    NEW_ECONOMIC = "new_economic", _("新经济组织")
    NEW_SOCIAL = "new_social", _("新社会组织")
    NEW_EMPLOYMENT = "new_employment", _("新就业群体")


# The role flags a person can carry, with the words rosters use for them.
ROLE_FIELDS: dict[str, str] = {
    "is_worker": "职工",
    "is_union_member": "工会会员",
    "is_party_member": "党员",
    "is_job_seeker": "求职者",
    "is_volunteer": "志愿者",
}


class Person(TenantOwned):
    """Someone the sub-district serves. The ID number and phone are encrypted;
    ``id_number_hash`` (a keyed hash) makes them unique and findable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("登录账号"),
    )
    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number = EncryptedTextField(_("身份证号"))
    id_number_hash = models.CharField(max_length=64, editable=False)
    phone = EncryptedTextField(_("手机号"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    residential_area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("居民区"),
    )
    employer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="employees", verbose_name=_("工作单位")
    )
    is_worker = models.BooleanField(_("职工"), default=False)
    is_union_member = models.BooleanField(_("工会会员"), default=False)
    is_party_member = models.BooleanField(_("党员"), default=False)
    is_job_seeker = models.BooleanField(_("求职者"), default=False)
    is_volunteer = models.BooleanField(_("志愿者"), default=False)
    party_category = models.CharField(_("党员类别"), max_length=16, choices=PartyCategory.choices, blank=True)
    party_branch = models.CharField(_("所在党支部"), max_length=100, blank=True)
    # Lower-case pinyin readings (full and initials, all plausible readings) for search.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("人员")
        verbose_name_plural = pgettext_lazy("plural", "人员")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "id_number_hash"], name="person_unique_id_number"),
            models.CheckConstraint(
                condition=models.Q(party_category="") | models.Q(is_party_member=True),
                name="person_party_category_needs_membership",
            ),
            models.CheckConstraint(condition=models.Q(gender__in=["M", "F"]), name="person_gender_valid"),
        ]
        indexes = [
            models.Index(fields=["subdistrict", "residential_area"]),
            models.Index(fields=["subdistrict", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def role_labels(self) -> list[str]:
        return [label for field, label in ROLE_FIELDS.items() if getattr(self, field)]
