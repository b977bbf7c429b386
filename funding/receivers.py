"""Governance events that release instalments (seed 001 art. 4.2) and the termination of a
convention that stops them (seed 001 art. 9), connected in apps.py."""

from funding.services import grants_stop, release_for_action_plan, release_for_report


def on_annual_report_validated(sender, *, report, on, by, **kwargs) -> None:
    # seed 001 art. 4.2: the year's 30 % after its report is validated.
    release_for_report(report=report, on=on, by=by)


def on_action_plan_transmitted(sender, *, plan, on, by, **kwargs) -> None:
    # seed 001 art. 4.2: a later year's 70 % on the transmission of its action programme.
    release_for_action_plan(plan=plan, on=on, by=by)


def on_convention_terminated(sender, *, termination, by, **kwargs) -> None:
    # seed 001 art. 9: the termination ends the aid; sums paid and not engaged are claimed.
    grants_stop(termination=termination, by=by)
