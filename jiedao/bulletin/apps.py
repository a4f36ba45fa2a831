from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinConfig(AppConfig):
    name = "jiedao.bulletin"
    label = "bulletin"
    verbose_name = _("社区报")
    default_auto_field = "django.db.models.BigAutoField"
