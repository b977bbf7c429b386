from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """No model of its own (sessions live in partnerships.models.people): the signals."""

    name = "partnerships.security"
    label = "maillage_security"
    verbose_name = _("Sécurité")

    def ready(self):
        from partnerships.security import signals  # noqa: F401
