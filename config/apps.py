from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "config"
    label = "maillage_config"
    verbose_name = "Maillage"

    def ready(self):
        from config import checks  # noqa: F401  (registers the checks)
