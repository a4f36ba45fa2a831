from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEntry(models.Model):
    """One append-only line of the audit log.

    The actor and the object are kept as plain values (not cascading foreign
    keys) so that deleting a user or a person never rewrites history. Updates
    are refused by a database trigger (see the migration) and by ``save``.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        REVEAL = "reveal", _("查看敏感信息")
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出")
        LOGIN = "login", _("登录")
        # An attempt refused in a way worth watching (an ID number registered
        # outside the actor's scope): such entries also count towards a limit.
        REFUSED = "refused", _("被拒绝的操作")

    subdistrict = models.ForeignKey(
        "org.Subdistrict", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    client_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("审计日志")
        verbose_name_plural = pgettext_lazy("plural", "审计日志")
        indexes = [
            models.Index(fields=["subdistrict", "object_type", "object_id"]),
            # The log page: one sub-district's newest entries, without reading the others'
            # (in a city database a small sub-district's page scanned everyone's by date).
            models.Index(fields=["subdistrict", "-created_at", "-id"], name="audit_tenant_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit entries are append-only")


class CalendarDay(models.Model):
    """A national calendar day maintained by staff: a statutory holiday or a make-up
    workday (调休上班). Rows override the ``chinesecalendar`` library and cover the
    years it does not know yet (the State Council publishes each year late in the
    year before). National, so not owned by a sub-district."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班日")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=32, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")
        verbose_name_plural = pgettext_lazy("plural", "节假日安排")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()
