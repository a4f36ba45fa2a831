"""What the programmes tell the site about themselves through their ``AppConfig``
(``jiedao.core.navigation``)."""

from django.apps import apps

from jiedao.accounts.actor import Actor


def programme_start(actor: Actor) -> str | None:
    """The URL name where a programme's own staff begin (``AppConfig.start``), the first
    one in ``INSTALLED_APPS`` order; None: the registry dashboard."""
    for config in apps.get_app_configs():
        start = getattr(config, "start", None)
        if start is not None and (name := start(actor)):
            return str(name)
    return None
