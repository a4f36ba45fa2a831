from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jiedao.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from django.urls import register_converter

        from jiedao.core import checks  # noqa: F401  (registers the deploy checks)
        from jiedao.core.converters import IdConverter

        register_converter(IdConverter, "id")  # <id:pk> in every app's urls.py
