"""Household events other parts of Maillage react to, without the services knowing them.

Sent by households services (never by model saves), inside their transaction, with `sender`
the model class:
- referent_changed(change=ReferentChange, by=User): a project was handed over to a new
  referent (issue 16); the former referent reads the file until `change.access_until`.
  Its receiver, households.notifications.referent_changed (connected in apps.py), tells
  the new and the former referent (issue 16).
"""

from django.dispatch import Signal

referent_changed = Signal()
household_anonymised = Signal()
