from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin (``INSTALLED_APPS``), its default site behind the second factor."""

    default_site = "jiedao.accounts.second_factor.admin_site.AdminSite"
