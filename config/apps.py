from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ProjectConfig(AppConfig):
    name = "config"
    label = "maillage_config"
    verbose_name = "Maillage"

    def ready(self):
        from config import checks  # noqa: F401  (registers the checks)


class MaillageAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the project's site (config/admin.py)."""

    default = False  # "config" itself is ProjectConfig
    default_site = "config.admin.MaillageAdminSite"
