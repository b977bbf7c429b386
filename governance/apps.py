from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Gouvernance")

    def ready(self):
        from governance import receivers
        from partnerships.signals import convention_signing

        convention_signing.connect(
            receivers.on_convention_signing, dispatch_uid="governance.deliberation_enforceable"
        )
