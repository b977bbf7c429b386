from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that span the domain apps: home, search, calendar feed, department-wide
    report, navigation. It sits above partnerships, governance, funding and households."""

    name = "portal"
    verbose_name = _("Portail")

    def ready(self):
        from common.exporting import register_background
        from households.signals import household_anonymised
        from portal.exports import export_in_background
        from portal.letters.receivers import forget_household_letters

        # The page kit (common/) knows no job: it hands the large exports to this handler.
        register_background(export_in_background)
        # issue 19: a household's letters name its members; anonymised, they go.
        household_anonymised.connect(forget_household_letters, dispatch_uid="letters_forget")
