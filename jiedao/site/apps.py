from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Pages above every app that need actors and roles: home, health, the audit log."""

    name = "jiedao.site"
    label = "site"
