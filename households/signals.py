"""Household events other parts of Maillage react to, without the services knowing them.

Sent by households services (never by model saves), inside their transaction, with `sender`
the model class:
- referent_changed(change=ReferentChange, by=User): a project was handed over to a new
  referent (issue 16); the former referent reads the file until `change.access_until`.
  It has no receiver yet: it is where the notifications of issue 16 (the new referent told
  of the case, the former one of the handover) connect, without the service knowing them.
"""

from django.dispatch import Signal

referent_changed = Signal()
