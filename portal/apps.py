from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that span the domain apps: home, search, calendar feed, department-wide
    report, navigation. It sits above partnerships, governance, funding and households."""

    name = "portal"
    verbose_name = _("Portail")
