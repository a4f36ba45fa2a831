from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "jiedao.dashboards"
    label = "dashboards"
    verbose_name = _("工作看板")
    default_auto_field = "django.db.models.BigAutoField"
