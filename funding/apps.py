from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Financements")

    def ready(self):
        from funding import receivers
        from funding.agenda import register_sources
        from governance.signals import action_plan_transmitted, annual_report_validated
        from partnerships.signals import convention_terminated

        annual_report_validated.connect(
            receivers.on_annual_report_validated, dispatch_uid="funding.release_for_report"
        )
        action_plan_transmitted.connect(
            receivers.on_action_plan_transmitted, dispatch_uid="funding.release_for_action_plan"
        )
        convention_terminated.connect(
            receivers.on_convention_terminated, dispatch_uid="funding.grants_stop"
        )
        register_sources()
