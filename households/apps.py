from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Ménages")

    def ready(self):
        from households import notifications
        from households.agenda import register_sources
        from households.signals import referent_changed

        register_sources()
        referent_changed.connect(
            notifications.referent_changed, dispatch_uid="households.notify_referent_changed"
        )
