from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Ménages")

    def ready(self):
        from households.agenda import register_sources

        register_sources()
