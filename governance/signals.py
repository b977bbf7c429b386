"""Governance events other apps react to, without governance importing them.

Sent by governance services (never by model saves), with `sender` the model class:
- annual_report_validated(report=AnnualReport, on=date, by=User): seed 001 art. 4.2, the
  year's 30 % instalment becomes due;
- action_plan_transmitted(plan=ActionPlan, on=date, by=User): seed 001 art. 4.2, the 70 % of a
  later year becomes due.
"""

from django.dispatch import Signal

annual_report_validated = Signal()
action_plan_transmitted = Signal()
