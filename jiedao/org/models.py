from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Subdistrict(models.Model):
    """The tenant: a sub-district office (街道办事处) and everything it runs."""

    name = models.CharField(_("名称"), max_length=64)
    code = models.CharField(_("区划代码"), max_length=9, unique=True, help_text=_("GB/T 2260 九位代码"))
    district_name = models.CharField(_("所属区"), max_length=64)
    district_code = models.CharField(_("区代码"), max_length=6)

    class Meta:
        ordering = ["code"]
        verbose_name = _("街道")
        verbose_name_plural = pgettext_lazy("plural", "街道")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{9}$"), name="subdistrict_code_9_digits"),
            models.CheckConstraint(
                condition=models.Q(district_code__regex=r"^[0-9]{6}$"), name="subdistrict_district_code_6_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TenantOwned(models.Model):
    """Every row a sub-district owns carries ``subdistrict_id`` (ready to shard on it)."""

    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, verbose_name=_("街道"))

    class Meta:
        abstract = True


class ResidentialArea(TenantOwned):
    """居民区 (with its residents' committee 居委会)."""

    name = models.CharField(_("名称"), max_length=64)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("居民区")
        verbose_name_plural = pgettext_lazy("plural", "居民区")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "name"], name="residential_area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Grid(TenantOwned):
    """A community grid (网格) inside one residential area."""

    residential_area = models.ForeignKey(
        ResidentialArea, on_delete=models.PROTECT, related_name="grids", verbose_name=_("居民区")
    )
    name = models.CharField(_("名称"), max_length=64)

    class Meta:
        ordering = ["residential_area__name", "name"]
        verbose_name = _("网格")
        verbose_name_plural = pgettext_lazy("plural", "网格")
        constraints = [
            models.UniqueConstraint(fields=["residential_area", "name"], name="grid_unique_name_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.residential_area.name} {self.name}"


class Unit(TenantOwned):
    """An organisation in the sub-district: office, enterprise, school, …"""

    class Kind(models.TextChoices):
        OFFICE = "office", _("街道办所")
        ENTERPRISE = "enterprise", _("企业")
        SOCIAL_ORGANISATION = "social_org", _("社会组织")
        TRAINING_SCHOOL = "school", _("培训学校")
        RESIDENTS_COMMITTEE = "committee", _("居委会")
        PUBLIC_INSTITUTION = "institution", _("事业单位")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    grid = models.ForeignKey(
        Grid, on_delete=models.SET_NULL, null=True, blank=True, related_name="units", verbose_name=_("网格")
    )
    headcount = models.PositiveIntegerField(_("职工人数"), default=0)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("单位")
        verbose_name_plural = pgettext_lazy("plural", "单位")
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "name"], name="unit_unique_name"),
            # Unique per sub-district, not nationwide: one sub-district must not learn,
            # from a refusal, which codes another has registered.
            models.UniqueConstraint(
                fields=["subdistrict", "credit_code"],
                condition=~models.Q(credit_code=""),
                name="unit_unique_credit_code_per_subdistrict",
            ),
            models.CheckConstraint(
                condition=models.Q(credit_code="") | models.Q(credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
                name="unit_credit_code_shape",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="enterprise") | ~models.Q(credit_code=""),
                name="unit_enterprise_has_credit_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


__all__ = ["Grid", "ResidentialArea", "Subdistrict", "TenantOwned", "Unit"]
