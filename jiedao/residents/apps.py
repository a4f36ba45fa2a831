from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "jiedao.residents"
    label = "residents"
    verbose_name = _("居民账号")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from jiedao.residents import checks  # noqa: F401  (registers the system checks)
        from jiedao.residents.step_up import mark_fresh_on_login

        # Signing in is a fresh proof for the step-up window (step_up.py).
        user_logged_in.connect(mark_fresh_on_login, dispatch_uid="jiedao.residents.step_up")

    def navigation(self, actor: object) -> list[object]:
        """The resident's home (``residents:home``) among the "my" links
        (``jiedao.core.navigation``); staff accounts have no home of this kind."""
        from jiedao.accounts.actor import Actor
        from jiedao.core.navigation import NavLink

        assert isinstance(actor, Actor)
        if actor.is_authenticated and not actor.is_staff_member:
            return [NavLink("residents:home", _("我的首页"), staff=False)]
        return []
